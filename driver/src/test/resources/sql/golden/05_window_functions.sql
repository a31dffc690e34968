SELECT id,
       SUM(amount) OVER (PARTITION BY customer_id ORDER BY ordered_at ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running,
       ROW_NUMBER() OVER w AS rn,
       LAG(staging.orders.amount) OVER w AS previous_amount
FROM staging.orders
WINDOW w AS (PARTITION BY customer_id ORDER BY ordered_at)
