-- Query corpus for QueryCorpusTest.
--
-- Each entry: a line "-- @@ <name>", optional directive lines right after it
--   -- @params v1, v2, ...   run through PreparedStatement on both sides; values are
--                            integers, decimals (1.5), strings ('FR') or dates (DATE '2024-01-15')
--   -- @schema s             the venv side runs after setSchema("s"), the raw side after
--                            SET schema = 's__dev' (s for prod)
--   -- @prod-same            the result may equal prod's (no "differs from prod" check)
-- then the venv form (the client's SQL, model names), a line "-- => raw", and the raw form
-- written by hand against dev's views (<schema>__dev.<table>). The prod form is the raw form
-- with "__dev" removed. Every query has an ORDER BY (or yields one row) so order is fixed.
--
-- dev differs from prod in: marts.customer_orders.order_count (+100) and
-- staging.stg_products.product_name (upper case, so marts.product_sales.product_name too).

-- @@ select_columns
SELECT customer_id, order_count FROM marts.customer_orders ORDER BY customer_id
-- => raw
SELECT customer_id, order_count FROM marts__dev.customer_orders ORDER BY customer_id

-- @@ select_star
SELECT * FROM marts.customer_orders ORDER BY customer_id
-- => raw
SELECT * FROM marts__dev.customer_orders ORDER BY customer_id

-- @@ join_on_aliases
SELECT co.customer_id, co.order_count, cl.segment, cl.lifetime_value
FROM marts.customer_orders co
JOIN marts.customer_lifetime cl ON cl.customer_id = co.customer_id
ORDER BY co.customer_id
-- => raw
SELECT co.customer_id, co.order_count, cl.segment, cl.lifetime_value
FROM marts__dev.customer_orders co
JOIN marts__dev.customer_lifetime cl ON cl.customer_id = co.customer_id
ORDER BY co.customer_id

-- @@ join_using_three_schemas
SELECT customer_id, c.customer_name, r.country, co.order_count
FROM marts.customer_orders AS co
JOIN staging.stg_customers AS c USING (customer_id)
JOIN raw.customers AS r USING (customer_id)
ORDER BY customer_id
-- => raw
SELECT customer_id, c.customer_name, r.country, co.order_count
FROM marts__dev.customer_orders AS co
JOIN staging__dev.stg_customers AS c USING (customer_id)
JOIN raw__dev.customers AS r USING (customer_id)
ORDER BY customer_id

-- @@ left_join_nulls
SELECT c.customer_id, o.order_id, o.order_status, co.order_count
FROM staging.stg_customers c
LEFT JOIN staging.stg_orders o ON o.customer_id = c.customer_id
JOIN marts.customer_orders co ON co.customer_id = c.customer_id
ORDER BY c.customer_id, o.order_id NULLS FIRST
-- => raw
SELECT c.customer_id, o.order_id, o.order_status, co.order_count
FROM staging__dev.stg_customers c
LEFT JOIN staging__dev.stg_orders o ON o.customer_id = c.customer_id
JOIN marts__dev.customer_orders co ON co.customer_id = c.customer_id
ORDER BY c.customer_id, o.order_id NULLS FIRST

-- @@ comma_join_where
SELECT co.customer_id, co.order_count, l.active_days
FROM marts.customer_orders co, marts.customer_lifetime l
WHERE l.customer_id = co.customer_id AND l.active_days > 20
ORDER BY 1
-- => raw
SELECT co.customer_id, co.order_count, l.active_days
FROM marts__dev.customer_orders co, marts__dev.customer_lifetime l
WHERE l.customer_id = co.customer_id AND l.active_days > 20
ORDER BY 1

-- @@ semi_and_anti_join
SELECT 'semi' AS kind, co.customer_id, co.order_count FROM marts.customer_orders co
SEMI JOIN staging.stg_orders o ON o.customer_id = co.customer_id AND o.order_status = 'returned'
UNION ALL
SELECT 'anti', co.customer_id, co.order_count FROM marts.customer_orders co
ANTI JOIN staging.stg_orders o ON o.customer_id = co.customer_id
ORDER BY 1, 2
-- => raw
SELECT 'semi' AS kind, co.customer_id, co.order_count FROM marts__dev.customer_orders co
SEMI JOIN staging__dev.stg_orders o ON o.customer_id = co.customer_id AND o.order_status = 'returned'
UNION ALL
SELECT 'anti', co.customer_id, co.order_count FROM marts__dev.customer_orders co
ANTI JOIN staging__dev.stg_orders o ON o.customer_id = co.customer_id
ORDER BY 1, 2

-- @@ cte_named_like_the_model
WITH customer_orders AS (SELECT customer_id, order_count FROM marts.customer_orders)
SELECT * FROM customer_orders ORDER BY customer_id
-- => raw
WITH customer_orders AS (SELECT customer_id, order_count FROM marts__dev.customer_orders)
SELECT * FROM customer_orders ORDER BY customer_id

-- @@ ctes_named_like_two_models
WITH customer_orders AS (
  SELECT customer_id, order_count * 2 AS doubled FROM marts.customer_orders
), product_sales AS (
  SELECT product_id, product_name FROM marts.product_sales
)
SELECT customer_orders.customer_id, customer_orders.doubled,
       (SELECT min(product_name) FROM product_sales) AS first_product
FROM customer_orders
ORDER BY customer_orders.customer_id
-- => raw
WITH customer_orders AS (
  SELECT customer_id, order_count * 2 AS doubled FROM marts__dev.customer_orders
), product_sales AS (
  SELECT product_id, product_name FROM marts__dev.product_sales
)
SELECT customer_orders.customer_id, customer_orders.doubled,
       (SELECT min(product_name) FROM product_sales) AS first_product
FROM customer_orders
ORDER BY customer_orders.customer_id

-- @@ cte_chain_and_materialized
WITH base AS MATERIALIZED (
  SELECT customer_id, country_code, order_count FROM marts.customer_orders
), per_country AS (
  SELECT country_code, sum(order_count) AS orders FROM base GROUP BY country_code
)
SELECT b.customer_id, b.order_count, p.orders
FROM base b JOIN per_country p USING (country_code)
ORDER BY b.customer_id
-- => raw
WITH base AS MATERIALIZED (
  SELECT customer_id, country_code, order_count FROM marts__dev.customer_orders
), per_country AS (
  SELECT country_code, sum(order_count) AS orders FROM base GROUP BY country_code
)
SELECT b.customer_id, b.order_count, p.orders
FROM base b JOIN per_country p USING (country_code)
ORDER BY b.customer_id

-- @@ recursive_cte_cross_join
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3)
SELECT n.i, co.customer_id, co.order_count + n.i AS shifted
FROM n CROSS JOIN marts.customer_orders co
WHERE co.customer_id <= 2
ORDER BY 1, 2
-- => raw
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3)
SELECT n.i, co.customer_id, co.order_count + n.i AS shifted
FROM n CROSS JOIN marts__dev.customer_orders co
WHERE co.customer_id <= 2
ORDER BY 1, 2

-- @@ scalar_subquery
SELECT customer_id, order_count, order_count - (SELECT min(order_count) FROM marts.customer_orders) AS above_min,
       (SELECT max(order_count) FROM marts.customer_orders) AS top
FROM marts.customer_orders ORDER BY customer_id
-- => raw
SELECT customer_id, order_count, order_count - (SELECT min(order_count) FROM marts__dev.customer_orders) AS above_min,
       (SELECT max(order_count) FROM marts__dev.customer_orders) AS top
FROM marts__dev.customer_orders ORDER BY customer_id

-- @@ nested_in_subqueries
SELECT product_id, product_name FROM marts.product_sales
WHERE product_id IN (
  SELECT product_id FROM staging.stg_orders
  WHERE customer_id IN (SELECT customer_id FROM marts.customer_orders WHERE order_count >= 104))
ORDER BY product_id
-- => raw
SELECT product_id, product_name FROM marts__dev.product_sales
WHERE product_id IN (
  SELECT product_id FROM staging__dev.stg_orders
  WHERE customer_id IN (SELECT customer_id FROM marts__dev.customer_orders WHERE order_count >= 104))
ORDER BY product_id

-- @@ exists_correlated
SELECT c.customer_id, c.order_count FROM marts.customer_orders c
WHERE EXISTS (SELECT 1 FROM staging.stg_orders o WHERE o.customer_id = c.customer_id AND o.order_status = 'returned')
ORDER BY c.customer_id
-- => raw
SELECT c.customer_id, c.order_count FROM marts__dev.customer_orders c
WHERE EXISTS (SELECT 1 FROM staging__dev.stg_orders o WHERE o.customer_id = c.customer_id AND o.order_status = 'returned')
ORDER BY c.customer_id

-- @@ not_exists
SELECT c.customer_id, c.customer_name, c.order_count FROM marts.customer_orders AS c
WHERE NOT EXISTS (SELECT * FROM staging.stg_orders AS o WHERE o.customer_id = c.customer_id)
ORDER BY 1
-- => raw
SELECT c.customer_id, c.customer_name, c.order_count FROM marts__dev.customer_orders AS c
WHERE NOT EXISTS (SELECT * FROM staging__dev.stg_orders AS o WHERE o.customer_id = c.customer_id)
ORDER BY 1

-- @@ derived_table
SELECT t.country_code, t.n, t.customers
FROM (SELECT country_code, sum(order_count) AS n, count(*) AS customers
      FROM marts.customer_orders GROUP BY country_code) AS t
ORDER BY t.country_code
-- => raw
SELECT t.country_code, t.n, t.customers
FROM (SELECT country_code, sum(order_count) AS n, count(*) AS customers
      FROM marts__dev.customer_orders GROUP BY country_code) AS t
ORDER BY t.country_code

-- @@ window_row_number
SELECT customer_id, country_code, order_count,
       row_number() OVER (PARTITION BY country_code ORDER BY order_count DESC, customer_id) AS rn,
       rank() OVER (ORDER BY order_count DESC) AS rnk
FROM marts.customer_orders ORDER BY customer_id
-- => raw
SELECT customer_id, country_code, order_count,
       row_number() OVER (PARTITION BY country_code ORDER BY order_count DESC, customer_id) AS rn,
       rank() OVER (ORDER BY order_count DESC) AS rnk
FROM marts__dev.customer_orders ORDER BY customer_id

-- @@ window_rows_frame
SELECT customer_id, order_count,
       sum(order_count) OVER (ORDER BY customer_id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS last3,
       avg(order_count) OVER (ORDER BY customer_id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS around
FROM marts.customer_orders ORDER BY customer_id
-- => raw
SELECT customer_id, order_count,
       sum(order_count) OVER (ORDER BY customer_id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS last3,
       avg(order_count) OVER (ORDER BY customer_id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS around
FROM marts__dev.customer_orders ORDER BY customer_id

-- @@ window_range_frame_dates
SELECT order_date, revenue,
       sum(revenue) OVER (ORDER BY order_date RANGE BETWEEN INTERVAL 7 DAYS PRECEDING AND CURRENT ROW) AS week
FROM marts.daily_revenue ORDER BY order_date
-- => raw
SELECT order_date, revenue,
       sum(revenue) OVER (ORDER BY order_date RANGE BETWEEN INTERVAL 7 DAYS PRECEDING AND CURRENT ROW) AS week
FROM marts__dev.daily_revenue ORDER BY order_date

-- @@ window_lag_lead_named_window
SELECT customer_id, order_count,
       lag(order_count) OVER w AS prev, lead(order_count, 1, -1) OVER w AS next,
       first_value(customer_name) OVER w AS first_in_country
FROM marts.customer_orders
WINDOW w AS (PARTITION BY country_code ORDER BY customer_id)
ORDER BY customer_id
-- => raw
SELECT customer_id, order_count,
       lag(order_count) OVER w AS prev, lead(order_count, 1, -1) OVER w AS next,
       first_value(customer_name) OVER w AS first_in_country
FROM marts__dev.customer_orders
WINDOW w AS (PARTITION BY country_code ORDER BY customer_id)
ORDER BY customer_id

-- @@ qualify
SELECT country_code, customer_id, order_count FROM marts.customer_orders
QUALIFY row_number() OVER (PARTITION BY country_code ORDER BY order_count DESC, customer_id) = 1
ORDER BY country_code
-- => raw
SELECT country_code, customer_id, order_count FROM marts__dev.customer_orders
QUALIFY row_number() OVER (PARTITION BY country_code ORDER BY order_count DESC, customer_id) = 1
ORDER BY country_code

-- @@ select_star_exclude
SELECT * EXCLUDE (customer_name, signup_date) FROM marts.customer_orders ORDER BY customer_id
-- => raw
SELECT * EXCLUDE (customer_name, signup_date) FROM marts__dev.customer_orders ORDER BY customer_id

-- @@ select_star_replace
SELECT * REPLACE (order_count * 10 AS order_count, upper(customer_name) AS customer_name)
FROM marts.customer_orders ORDER BY customer_id
-- => raw
SELECT * REPLACE (order_count * 10 AS order_count, upper(customer_name) AS customer_name)
FROM marts__dev.customer_orders ORDER BY customer_id

-- @@ columns_expression
SELECT customer_id, COLUMNS('.*_orders'), max(COLUMNS('order_count')) OVER () AS m
FROM marts.customer_orders ORDER BY customer_id
-- => raw
SELECT customer_id, COLUMNS('.*_orders'), max(COLUMNS('order_count')) OVER () AS m
FROM marts__dev.customer_orders ORDER BY customer_id

-- @@ double_colon_casts
SELECT customer_id::VARCHAR || ':' || order_count::VARCHAR AS k, revenue::DOUBLE AS r,
       signup_date::VARCHAR AS d, '42'::INTEGER + order_count AS n
FROM marts.customer_orders ORDER BY customer_id
-- => raw
SELECT customer_id::VARCHAR || ':' || order_count::VARCHAR AS k, revenue::DOUBLE AS r,
       signup_date::VARCHAR AS d, '42'::INTEGER + order_count AS n
FROM marts__dev.customer_orders ORDER BY customer_id

-- @@ list_literals
SELECT customer_id, [order_count, completed_orders, returned_orders] AS counts,
       list_sum([order_count, completed_orders]) AS s, [1, 2, 3][2] AS second,
       ['marts.customer_orders', 'staging.stg_orders'] AS names
FROM marts.customer_orders ORDER BY customer_id
-- => raw
SELECT customer_id, [order_count, completed_orders, returned_orders] AS counts,
       list_sum([order_count, completed_orders]) AS s, [1, 2, 3][2] AS second,
       ['marts.customer_orders', 'staging.stg_orders'] AS names
FROM marts__dev.customer_orders ORDER BY customer_id

-- @@ list_aggregate_and_lambda
SELECT country_code, list(customer_id ORDER BY customer_id) AS ids,
       list_transform(list(order_count ORDER BY customer_id), lambda x: x * 2) AS doubled
FROM marts.customer_orders GROUP BY country_code ORDER BY country_code
-- => raw
SELECT country_code, list(customer_id ORDER BY customer_id) AS ids,
       list_transform(list(order_count ORDER BY customer_id), lambda x: x * 2) AS doubled
FROM marts__dev.customer_orders GROUP BY country_code ORDER BY country_code

-- @@ struct_literal
SELECT {'id': customer_id, 'orders': order_count, 'label': 'marts.customer_orders'} AS s
FROM marts.customer_orders ORDER BY customer_id
-- => raw
SELECT {'id': customer_id, 'orders': order_count, 'label': 'marts.customer_orders'} AS s
FROM marts__dev.customer_orders ORDER BY customer_id

-- @@ struct_field_access
SELECT t.s.orders, t.s['id'] AS id, struct_pack(n := t.s.orders + 1) AS packed
FROM (SELECT {'id': customer_id, 'orders': order_count} AS s FROM marts.customer_orders) AS t
ORDER BY t.s.id
-- => raw
SELECT t.s.orders, t.s['id'] AS id, struct_pack(n := t.s.orders + 1) AS packed
FROM (SELECT {'id': customer_id, 'orders': order_count} AS s FROM marts__dev.customer_orders) AS t
ORDER BY t.s.id

-- @@ map_literal
SELECT customer_id, MAP {'orders': order_count, 'returned': returned_orders} AS m
FROM marts.customer_orders ORDER BY customer_id
-- => raw
SELECT customer_id, MAP {'orders': order_count, 'returned': returned_orders} AS m
FROM marts__dev.customer_orders ORDER BY customer_id

-- @@ pivot_statement
PIVOT marts.customer_orders ON country_code USING sum(order_count) GROUP BY returned_orders
ORDER BY returned_orders
-- => raw
PIVOT marts__dev.customer_orders ON country_code USING sum(order_count) GROUP BY returned_orders
ORDER BY returned_orders

-- @@ pivot_subquery_in_list
SELECT * FROM (
  PIVOT (SELECT c.country_code, l.segment, co.order_count
         FROM marts.customer_lifetime l
         JOIN staging.stg_customers c USING (customer_id)
         JOIN marts.customer_orders co USING (customer_id))
  ON segment IN ('gold', 'silver', 'bronze', 'prospect') USING sum(order_count) GROUP BY country_code
) ORDER BY country_code
-- => raw
SELECT * FROM (
  PIVOT (SELECT c.country_code, l.segment, co.order_count
         FROM marts__dev.customer_lifetime l
         JOIN staging__dev.stg_customers c USING (customer_id)
         JOIN marts__dev.customer_orders co USING (customer_id))
  ON segment IN ('gold', 'silver', 'bronze', 'prospect') USING sum(order_count) GROUP BY country_code
) ORDER BY country_code

-- @@ unpivot
UNPIVOT (SELECT customer_id, order_count, completed_orders FROM marts.customer_orders)
ON order_count, completed_orders INTO NAME metric VALUE v
ORDER BY customer_id, metric
-- => raw
UNPIVOT (SELECT customer_id, order_count, completed_orders FROM marts__dev.customer_orders)
ON order_count, completed_orders INTO NAME metric VALUE v
ORDER BY customer_id, metric

-- @@ asof_join
SELECT o.order_id, o.order_date, c.first_order_date, c.order_count
FROM staging.stg_orders o
ASOF JOIN marts.customer_orders c
  ON o.customer_id = c.customer_id AND o.order_date >= c.first_order_date
ORDER BY o.order_id
-- => raw
SELECT o.order_id, o.order_date, c.first_order_date, c.order_count
FROM staging__dev.stg_orders o
ASOF JOIN marts__dev.customer_orders c
  ON o.customer_id = c.customer_id AND o.order_date >= c.first_order_date
ORDER BY o.order_id

-- @@ from_first
FROM marts.customer_orders SELECT customer_id, order_count WHERE order_count > 102 ORDER BY customer_id
-- => raw
FROM marts__dev.customer_orders SELECT customer_id, order_count WHERE order_count > 102 ORDER BY customer_id

-- @@ from_only
FROM marts.customer_orders ORDER BY customer_id
-- => raw
FROM marts__dev.customer_orders ORDER BY customer_id

-- @@ comments_naming_models
/* reads marts.customer_orders, not "marts"."product_sales" */
SELECT customer_id, -- staging.stg_orders in a line comment
       order_count  /* marts.customer_orders */
FROM marts.customer_orders -- trailing: marts.customer_orders
ORDER BY customer_id -- the end
-- => raw
/* reads marts.customer_orders, not "marts"."product_sales" */
SELECT customer_id, -- staging.stg_orders in a line comment
       order_count  /* marts.customer_orders */
FROM marts__dev.customer_orders -- trailing: marts.customer_orders
ORDER BY customer_id -- the end

-- @@ string_literal_names_a_model
SELECT 'marts.customer_orders' AS label, 'FROM marts.customer_orders WHERE x = 1' AS sql_text,
       customer_id, order_count
FROM marts.customer_orders ORDER BY customer_id
-- => raw
SELECT 'marts.customer_orders' AS label, 'FROM marts.customer_orders WHERE x = 1' AS sql_text,
       customer_id, order_count
FROM marts__dev.customer_orders ORDER BY customer_id

-- @@ string_literals_with_quotes_and_comment_marks
SELECT 'it''s "marts"."customer_orders"' AS a, '-- marts.customer_orders /*' AS b,
       E'x\' marts.customer_orders' AS c, $$marts . customer_orders$$ AS d, order_count
FROM marts.customer_orders WHERE customer_id = 1
-- => raw
SELECT 'it''s "marts"."customer_orders"' AS a, '-- marts.customer_orders /*' AS b,
       E'x\' marts.customer_orders' AS c, $$marts . customer_orders$$ AS d, order_count
FROM marts__dev.customer_orders WHERE customer_id = 1

-- @@ string_compared_with_model_data
SELECT product_id, product_name, 'staging.stg_products: ' || product_name AS labelled
FROM staging.stg_products WHERE product_name <> 'staging.stg_products' ORDER BY product_id
-- => raw
SELECT product_id, product_name, 'staging.stg_products: ' || product_name AS labelled
FROM staging__dev.stg_products WHERE product_name <> 'staging.stg_products' ORDER BY product_id

-- @@ backslash_and_dollar_tagged_strings
SELECT 'C:\' AS path, $tag$ marts.customer_orders $ $$ $tag$ AS tagged, e'\'' AS q, "a""b".order_count
FROM marts.customer_orders AS "a""b" WHERE "a""b".customer_id = 3
-- => raw
SELECT 'C:\' AS path, $tag$ marts.customer_orders $ $$ $tag$ AS tagged, e'\'' AS q, "a""b".order_count
FROM marts__dev.customer_orders AS "a""b" WHERE "a""b".customer_id = 3

-- @@ quoted_alias_with_dot
SELECT "marts.customer_orders".order_count AS "marts.customer_orders", customer_id
FROM marts.customer_orders AS "marts.customer_orders"
ORDER BY "marts.customer_orders".customer_id
-- => raw
SELECT "marts.customer_orders".order_count AS "marts.customer_orders", customer_id
FROM marts__dev.customer_orders AS "marts.customer_orders"
ORDER BY "marts.customer_orders".customer_id

-- @@ quoted_mixed_case
SELECT customer_id, order_count FROM "MARTS"."Customer_Orders" ORDER BY customer_id
-- => raw
SELECT customer_id, order_count FROM "marts__dev"."customer_orders" ORDER BY customer_id

-- @@ unquoted_mixed_case
SELECT customer_id, order_count FROM Marts.CUSTOMER_ORDERS ORDER BY customer_id
-- => raw
SELECT customer_id, order_count FROM marts__dev.customer_orders ORDER BY customer_id

-- @@ half_quoted_names
SELECT a.customer_id, a.order_count, b.product_name
FROM "marts".customer_orders a
JOIN staging."STG_ORDERS" o ON o.customer_id = a.customer_id
JOIN "Marts"."product_sales" b ON b.product_id = o.product_id
ORDER BY o.order_id
-- => raw
SELECT a.customer_id, a.order_count, b.product_name
FROM marts__dev.customer_orders a
JOIN staging__dev.stg_orders o ON o.customer_id = a.customer_id
JOIN marts__dev.product_sales b ON b.product_id = o.product_id
ORDER BY o.order_id

-- @@ schema_table_column_qualifiers
SELECT marts.customer_orders.customer_id, marts.customer_orders.order_count
FROM marts.customer_orders
WHERE marts.customer_orders.order_count > 101
ORDER BY marts.customer_orders.customer_id
-- => raw
SELECT marts__dev.customer_orders.customer_id, marts__dev.customer_orders.order_count
FROM marts__dev.customer_orders
WHERE marts__dev.customer_orders.order_count > 101
ORDER BY marts__dev.customer_orders.customer_id

-- @@ quoted_schema_table_column_qualifiers
SELECT "marts"."customer_orders"."order_count", Staging.Stg_Customers.customer_name
FROM "marts"."customer_orders" JOIN staging.stg_customers USING (customer_id)
ORDER BY "MARTS"."CUSTOMER_ORDERS"."customer_id"
-- => raw
SELECT "marts__dev"."customer_orders"."order_count", staging__dev.stg_customers.customer_name
FROM "marts__dev"."customer_orders" JOIN staging__dev.stg_customers USING (customer_id)
ORDER BY "marts__dev"."customer_orders"."customer_id"

-- @@ catalog_qualified
SELECT customer_id, order_count FROM w.marts.customer_orders ORDER BY customer_id
-- => raw
SELECT customer_id, order_count FROM w.marts__dev.customer_orders ORDER BY customer_id

-- @@ catalog_qualified_quoted_and_column
SELECT w.marts.customer_orders.order_count, "w"."marts"."customer_orders"."customer_id"
FROM "w"."marts"."customer_orders"
ORDER BY W.Marts.Customer_Orders.customer_id
-- => raw
SELECT w.marts__dev.customer_orders.order_count, "w"."marts__dev"."customer_orders"."customer_id"
FROM "w"."marts__dev"."customer_orders"
ORDER BY w.marts__dev.customer_orders.customer_id

-- @@ whitespace_and_comments_around_the_dot
SELECT customer_id, order_count FROM marts /* schema */ . /* table */ customer_orders
JOIN staging
  .stg_customers USING (customer_id)
ORDER BY customer_id
-- => raw
SELECT customer_id, order_count FROM marts__dev.customer_orders
JOIN staging__dev.stg_customers USING (customer_id)
ORDER BY customer_id

-- @@ explicit_alias_equal_to_table_name
SELECT customer_orders.customer_id, customer_orders.order_count
FROM marts.customer_orders AS customer_orders
ORDER BY customer_orders.customer_id
-- => raw
SELECT customer_orders.customer_id, customer_orders.order_count
FROM marts__dev.customer_orders AS customer_orders
ORDER BY customer_orders.customer_id

-- @@ alias_named_like_a_schema
SELECT marts.customer_id, marts.order_count FROM marts.customer_orders AS marts ORDER BY marts.customer_id
-- => raw
SELECT marts.customer_id, marts.order_count FROM marts__dev.customer_orders AS marts ORDER BY marts.customer_id

-- @@ implicit_table_alias
SELECT customer_orders.customer_id, customer_orders.order_count
FROM marts.customer_orders
ORDER BY customer_orders.customer_id
-- => raw
SELECT customer_orders.customer_id, customer_orders.order_count
FROM marts__dev.customer_orders
ORDER BY customer_orders.customer_id

-- @@ implicit_table_alias_in_join
SELECT customer_orders.customer_id, customer_orders.order_count, customer_lifetime.segment
FROM marts.customer_orders
JOIN marts.customer_lifetime ON customer_lifetime.customer_id = customer_orders.customer_id
ORDER BY 1
-- => raw
SELECT customer_orders.customer_id, customer_orders.order_count, customer_lifetime.segment
FROM marts__dev.customer_orders
JOIN marts__dev.customer_lifetime ON customer_lifetime.customer_id = customer_orders.customer_id
ORDER BY 1

-- @@ params_between
-- @params 3, 7
SELECT customer_id, order_count FROM marts.customer_orders WHERE customer_id BETWEEN ? AND ? ORDER BY customer_id
-- => raw
SELECT customer_id, order_count FROM marts__dev.customer_orders WHERE customer_id BETWEEN ? AND ? ORDER BY customer_id

-- @@ params_string_and_number
-- @params 'FR', 100
SELECT customer_id, customer_name, order_count FROM marts.customer_orders
WHERE country_code = ? AND order_count > ? ORDER BY customer_id
-- => raw
SELECT customer_id, customer_name, order_count FROM marts__dev.customer_orders
WHERE country_code = ? AND order_count > ? ORDER BY customer_id

-- @@ params_in_list_with_question_mark_literal
-- @params 1, 5, 12
SELECT '?' AS q, 'marts.customer_orders?' AS r, customer_id, order_count
FROM marts.customer_orders WHERE customer_id IN (?, ?, ?) /* ? */ ORDER BY customer_id
-- => raw
SELECT '?' AS q, 'marts.customer_orders?' AS r, customer_id, order_count
FROM marts__dev.customer_orders WHERE customer_id IN (?, ?, ?) /* ? */ ORDER BY customer_id

-- @@ params_date_and_decimal
-- @params DATE '2024-01-15', 20.5
SELECT customer_id, first_order_date, revenue, order_count FROM marts.customer_orders
WHERE first_order_date >= ? AND revenue > ? ORDER BY customer_id
-- => raw
SELECT customer_id, first_order_date, revenue, order_count FROM marts__dev.customer_orders
WHERE first_order_date >= ? AND revenue > ? ORDER BY customer_id

-- @@ params_in_select_list_and_limit
-- @params 1000, 'x', 5
SELECT customer_id, order_count + ? AS shifted, ? || customer_name AS tagged
FROM marts.customer_orders ORDER BY customer_id LIMIT ?
-- => raw
SELECT customer_id, order_count + ? AS shifted, ? || customer_name AS tagged
FROM marts__dev.customer_orders ORDER BY customer_id LIMIT ?

-- @@ group_by_all
SELECT country_code, count(*) AS customers, sum(order_count) AS orders
FROM marts.customer_orders GROUP BY ALL ORDER BY ALL
-- => raw
SELECT country_code, count(*) AS customers, sum(order_count) AS orders
FROM marts__dev.customer_orders GROUP BY ALL ORDER BY ALL

-- @@ group_by_having
SELECT country_code, sum(order_count) AS orders FROM marts.customer_orders
GROUP BY country_code HAVING sum(order_count) > 205 ORDER BY country_code
-- => raw
SELECT country_code, sum(order_count) AS orders FROM marts__dev.customer_orders
GROUP BY country_code HAVING sum(order_count) > 205 ORDER BY country_code

-- @@ group_by_rollup
SELECT country_code, returned_orders, sum(order_count) AS orders
FROM marts.customer_orders GROUP BY ROLLUP (country_code, returned_orders)
ORDER BY country_code NULLS LAST, returned_orders NULLS LAST
-- => raw
SELECT country_code, returned_orders, sum(order_count) AS orders
FROM marts__dev.customer_orders GROUP BY ROLLUP (country_code, returned_orders)
ORDER BY country_code NULLS LAST, returned_orders NULLS LAST

-- @@ union_all_two_models
SELECT 'co' AS src, customer_id AS id, order_count AS n FROM marts.customer_orders
UNION ALL
SELECT 'ps', product_id, order_count FROM marts.product_sales
ORDER BY 1, 2
-- => raw
SELECT 'co' AS src, customer_id AS id, order_count AS n FROM marts__dev.customer_orders
UNION ALL
SELECT 'ps', product_id, order_count FROM marts__dev.product_sales
ORDER BY 1, 2

-- @@ union_distinct_and_by_name
SELECT order_count AS n, country_code FROM marts.customer_orders
UNION
SELECT customers, country_code FROM marts.country_revenue
UNION BY NAME
SELECT 'XX' AS country_code, 1 AS n
ORDER BY country_code, n
-- => raw
SELECT order_count AS n, country_code FROM marts__dev.customer_orders
UNION
SELECT customers, country_code FROM marts__dev.country_revenue
UNION BY NAME
SELECT 'XX' AS country_code, 1 AS n
ORDER BY country_code, n

-- @@ except_and_intersect
(SELECT customer_id FROM marts.customer_orders WHERE order_count > 102
 EXCEPT
 SELECT customer_id FROM marts.customer_lifetime WHERE segment = 'gold')
UNION ALL
(SELECT customer_id + 100 FROM marts.customer_orders WHERE order_count >= 103
 INTERSECT
 SELECT customer_id + 100 FROM staging.stg_customers WHERE country_code IN ('FR', 'PT'))
ORDER BY 1
-- => raw
(SELECT customer_id FROM marts__dev.customer_orders WHERE order_count > 102
 EXCEPT
 SELECT customer_id FROM marts__dev.customer_lifetime WHERE segment = 'gold')
UNION ALL
(SELECT customer_id + 100 FROM marts__dev.customer_orders WHERE order_count >= 103
 INTERSECT
 SELECT customer_id + 100 FROM staging__dev.stg_customers WHERE country_code IN ('FR', 'PT'))
ORDER BY 1

-- @@ lateral_subquery
SELECT co.customer_id, co.order_count, l.first_order
FROM marts.customer_orders co,
LATERAL (SELECT min(so.order_id) AS first_order FROM staging.stg_orders so WHERE so.customer_id = co.customer_id) l
ORDER BY co.customer_id
-- => raw
SELECT co.customer_id, co.order_count, l.first_order
FROM marts__dev.customer_orders co,
LATERAL (SELECT min(so.order_id) AS first_order FROM staging__dev.stg_orders so WHERE so.customer_id = co.customer_id) l
ORDER BY co.customer_id

-- @@ unnest_list
SELECT customer_id, unnest([order_count, returned_orders]) AS v
FROM marts.customer_orders ORDER BY customer_id, v
-- => raw
SELECT customer_id, unnest([order_count, returned_orders]) AS v
FROM marts__dev.customer_orders ORDER BY customer_id, v

-- @@ lateral_unnest_range
SELECT co.customer_id, co.order_count, g.i
FROM marts.customer_orders co, LATERAL unnest(range(co.returned_orders + 1)) AS g(i)
ORDER BY 1, 3
-- => raw
SELECT co.customer_id, co.order_count, g.i
FROM marts__dev.customer_orders co, LATERAL unnest(range(co.returned_orders + 1)) AS g(i)
ORDER BY 1, 3

-- @@ string_functions_customers
SELECT customer_id, upper(customer_name) AS u, left(customer_name, 3) AS l3, length(customer_name) AS len,
       replace(customer_name, ' ', '_') AS r, concat_ws('/', country_code, order_count) AS cw,
       lpad(order_count::VARCHAR, 6, '0') AS padded, customer_name LIKE '%a%' AS has_a
FROM marts.customer_orders ORDER BY customer_id
-- => raw
SELECT customer_id, upper(customer_name) AS u, left(customer_name, 3) AS l3, length(customer_name) AS len,
       replace(customer_name, ' ', '_') AS r, concat_ws('/', country_code, order_count) AS cw,
       lpad(order_count::VARCHAR, 6, '0') AS padded, customer_name LIKE '%a%' AS has_a
FROM marts__dev.customer_orders ORDER BY customer_id

-- @@ string_functions_products
SELECT category, string_agg(product_name, ', ' ORDER BY product_id) AS names,
       max(regexp_replace(product_name, '[0-9]+', '#', 'g')) AS masked,
       min(split_part(product_name, ' ', 1)) AS first_word, max(lower(product_name)) AS lowered
FROM marts.product_sales GROUP BY category ORDER BY category
-- => raw
SELECT category, string_agg(product_name, ', ' ORDER BY product_id) AS names,
       max(regexp_replace(product_name, '[0-9]+', '#', 'g')) AS masked,
       min(split_part(product_name, ' ', 1)) AS first_word, max(lower(product_name)) AS lowered
FROM marts__dev.product_sales GROUP BY category ORDER BY category

-- @@ aggregates_with_filter
SELECT country_code,
       count(*) FILTER (WHERE order_count > 102) AS busy,
       sum(order_count) FILTER (WHERE returned_orders > 0) AS with_returns,
       avg(order_count) FILTER (order_count < 104) AS avg_small
FROM marts.customer_orders GROUP BY country_code ORDER BY country_code
-- => raw
SELECT country_code,
       count(*) FILTER (WHERE order_count > 102) AS busy,
       sum(order_count) FILTER (WHERE returned_orders > 0) AS with_returns,
       avg(order_count) FILTER (order_count < 104) AS avg_small
FROM marts__dev.customer_orders GROUP BY country_code ORDER BY country_code

-- @@ statistical_aggregates
SELECT count(*) AS n, sum(order_count) AS s, median(order_count) AS med, mode(order_count) AS mo,
       arg_max(customer_name, order_count * 100 - customer_id) AS busiest, bool_and(order_count >= 100) AS all_big
FROM marts.customer_orders
-- => raw
SELECT count(*) AS n, sum(order_count) AS s, median(order_count) AS med, mode(order_count) AS mo,
       arg_max(customer_name, order_count * 100 - customer_id) AS busiest, bool_and(order_count >= 100) AS all_big
FROM marts__dev.customer_orders

-- @@ limit_offset
SELECT customer_id, order_count FROM marts.customer_orders ORDER BY customer_id LIMIT 4 OFFSET 3
-- => raw
SELECT customer_id, order_count FROM marts__dev.customer_orders ORDER BY customer_id LIMIT 4 OFFSET 3

-- @@ case_expressions
SELECT customer_id,
       CASE WHEN order_count >= 104 THEN 'many' WHEN order_count >= 102 THEN 'some' ELSE 'few' END AS bucket,
       CASE country_code WHEN 'FR' THEN 'France' WHEN 'DE' THEN 'Germany' ELSE 'other' END AS country
FROM marts.customer_orders ORDER BY customer_id
-- => raw
SELECT customer_id,
       CASE WHEN order_count >= 104 THEN 'many' WHEN order_count >= 102 THEN 'some' ELSE 'few' END AS bucket,
       CASE country_code WHEN 'FR' THEN 'France' WHEN 'DE' THEN 'Germany' ELSE 'other' END AS country
FROM marts__dev.customer_orders ORDER BY customer_id

-- @@ in_lists
SELECT customer_id, country_code, order_count FROM marts.customer_orders
WHERE country_code IN ('FR', 'DE', 'NL') AND customer_id NOT IN (3, 99) AND order_count IN (102, 103, 104)
ORDER BY customer_id
-- => raw
SELECT customer_id, country_code, order_count FROM marts__dev.customer_orders
WHERE country_code IN ('FR', 'DE', 'NL') AND customer_id NOT IN (3, 99) AND order_count IN (102, 103, 104)
ORDER BY customer_id

-- @@ distinct_on
SELECT DISTINCT ON (country_code) country_code, customer_id, order_count
FROM marts.customer_orders ORDER BY country_code, order_count DESC, customer_id
-- => raw
SELECT DISTINCT ON (country_code) country_code, customer_id, order_count
FROM marts__dev.customer_orders ORDER BY country_code, order_count DESC, customer_id

-- @@ distinct
SELECT DISTINCT order_count FROM marts.customer_orders ORDER BY order_count
-- => raw
SELECT DISTINCT order_count FROM marts__dev.customer_orders ORDER BY order_count

-- @@ nulls_and_dates
SELECT customer_id, coalesce(first_order_date::VARCHAR, 'never') AS first_order,
       date_diff('day', first_order_date, last_order_date) AS span, strftime(signup_date, '%Y-%m') AS month,
       order_count IS DISTINCT FROM 100 AS ordered
FROM marts.customer_orders ORDER BY customer_id
-- => raw
SELECT customer_id, coalesce(first_order_date::VARCHAR, 'never') AS first_order,
       date_diff('day', first_order_date, last_order_date) AS span, strftime(signup_date, '%Y-%m') AS month,
       order_count IS DISTINCT FROM 100 AS ordered
FROM marts__dev.customer_orders ORDER BY customer_id

-- @@ values_join
SELECT v.label, co.order_count
FROM (VALUES (1, 'one'), (2, 'two'), (12, 'twelve')) AS v(id, label)
JOIN marts.customer_orders co ON co.customer_id = v.id
ORDER BY v.id
-- => raw
SELECT v.label, co.order_count
FROM (VALUES (1, 'one'), (2, 'two'), (12, 'twelve')) AS v(id, label)
JOIN marts__dev.customer_orders co ON co.customer_id = v.id
ORDER BY v.id

-- @@ staging_view_changed
SELECT product_id, product_name, category, unit_price FROM staging.stg_products ORDER BY product_id
-- => raw
SELECT product_id, product_name, category, unit_price FROM staging__dev.stg_products ORDER BY product_id

-- @@ raw_seed_unchanged
-- @prod-same
SELECT * FROM raw.customers ORDER BY customer_id
-- => raw
SELECT * FROM raw__dev.customers ORDER BY customer_id

-- @@ all_three_layers
SELECT o.order_id, o.status, p.product_name, ps.units_sold
FROM raw.orders o
JOIN staging.stg_products p ON p.product_id = CAST(o.product_id AS INTEGER)
JOIN marts.product_sales ps ON ps.product_id = p.product_id
ORDER BY o.order_id
-- => raw
SELECT o.order_id, o.status, p.product_name, ps.units_sold
FROM raw__dev.orders o
JOIN staging__dev.stg_products p ON p.product_id = CAST(o.product_id AS INTEGER)
JOIN marts__dev.product_sales ps ON ps.product_id = p.product_id
ORDER BY o.order_id

-- @@ downstream_marts
SELECT r.country_code, r.customers, r.gold_customers, r.lifetime_value, sum(co.order_count) AS orders
FROM marts.country_revenue r JOIN marts.customer_orders co USING (country_code)
GROUP BY ALL ORDER BY r.country_code
-- => raw
SELECT r.country_code, r.customers, r.gold_customers, r.lifetime_value, sum(co.order_count) AS orders
FROM marts__dev.country_revenue r JOIN marts__dev.customer_orders co USING (country_code)
GROUP BY ALL ORDER BY r.country_code

-- @@ same_model_twice_self_join
SELECT a.customer_id, b.customer_id AS other, a.order_count + b.order_count AS together
FROM marts.customer_orders a JOIN MARTS.customer_orders b
  ON a.country_code = b.country_code AND a.customer_id < b.customer_id
ORDER BY 1, 2
-- => raw
SELECT a.customer_id, b.customer_id AS other, a.order_count + b.order_count AS together
FROM marts__dev.customer_orders a JOIN marts__dev.customer_orders b
  ON a.country_code = b.country_code AND a.customer_id < b.customer_id
ORDER BY 1, 2

-- @@ session_schema_bare_names
-- @schema marts
SELECT customer_id, order_count FROM customer_orders ORDER BY customer_id
-- => raw
SELECT customer_id, order_count FROM customer_orders ORDER BY customer_id

-- @@ session_schema_mixed_bare_and_qualified
-- @schema marts
SELECT c.customer_id, c.order_count, p.product_name
FROM customer_orders c
JOIN staging.stg_orders o USING (customer_id)
JOIN product_sales p USING (product_id)
ORDER BY o.order_id
-- => raw
SELECT c.customer_id, c.order_count, p.product_name
FROM customer_orders c
JOIN staging__dev.stg_orders o USING (customer_id)
JOIN product_sales p USING (product_id)
ORDER BY o.order_id

-- @@ user_table_function_over_model
SELECT customer_id, order_count, hash(customer_name) = hash(customer_name) AS same
FROM range(1, 4) r(i) JOIN marts.customer_orders ON customer_id = r.i ORDER BY customer_id
-- => raw
SELECT customer_id, order_count, hash(customer_name) = hash(customer_name) AS same
FROM range(1, 4) r(i) JOIN marts__dev.customer_orders ON customer_id = r.i ORDER BY customer_id

-- @@ multiline_formatting_and_semicolon
select
    CUSTOMER_ID ,
    ORDER_COUNT
from
    marts.customer_orders
where
    customer_id
        in ( 1 , 2 )
order by 1 ;
-- => raw
select
    CUSTOMER_ID ,
    ORDER_COUNT
from
    marts__dev.customer_orders
where
    customer_id
        in ( 1 , 2 )
order by 1 ;
