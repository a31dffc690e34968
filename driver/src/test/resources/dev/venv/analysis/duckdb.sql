-- name: qualify_latest_order
SELECT o.customer_id, o.order_id, o.order_date
FROM shop.orders AS o
QUALIFY ROW_NUMBER() OVER (PARTITION BY o.customer_id ORDER BY o.order_date DESC) = 1
-- name: exclude_columns
SELECT * EXCLUDE (comment, internal_flag)
FROM shop.orders
-- name: replace_columns
SELECT * REPLACE (LOWER(status) AS status)
FROM shop.orders
-- name: group_by_all
SELECT customer_id, order_date, SUM(amount) AS revenue
FROM shop.orders
GROUP BY ALL
-- name: order_by_all
SELECT customer_id, SUM(amount) AS revenue
FROM shop.orders
GROUP BY customer_id
ORDER BY ALL
-- name: list_literal
SELECT order_id, [quantity, quantity * 2, quantity * 3] AS multiples
FROM shop.orders
-- name: struct_literal
SELECT order_id, {'status': status, 'amount': amount} AS summary
FROM shop.orders
-- name: from_first
FROM shop.orders SELECT order_id, amount
-- name: from_first_bare
FROM shop.orders
-- name: double_colon_cast
SELECT order_id::BIGINT AS order_id, amount::DECIMAL(12, 2) AS amount
FROM shop.orders
-- name: list_comprehension
SELECT order_id, [x * 2 FOR x IN line_amounts] AS doubled
FROM shop.orders
-- name: columns_star_expression
SELECT MIN(COLUMNS(*))
FROM shop.orders
-- name: string_slicing
SELECT order_id, status[1:3] AS status_prefix
FROM shop.orders
-- name: asof_join
SELECT t.trade_id, p.price
FROM shop.trades AS t
ASOF JOIN shop.prices AS p ON t.symbol = p.symbol AND t.ts >= p.ts
-- name: positional_and_lambda
SELECT order_id, list_transform(line_amounts, x -> x + 1) AS bumped
FROM shop.orders
-- name: filter_clause
SELECT customer_id, COUNT(*) FILTER (WHERE status = 'completed') AS completed
FROM shop.orders
GROUP BY customer_id
-- name: ilike_and_regex
SELECT order_id, regexp_matches(note, 'gift') AS is_gift
FROM shop.orders
WHERE status ILIKE 'comp%'
-- name: union_by_name
SELECT order_id, amount FROM shop.orders
UNION ALL BY NAME
SELECT order_id, amount FROM shop.archived_orders
