SELECT id,
       SUM(amount) OVER (PARTITION BY customer_id ORDER BY ordered_at ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running,
       ROW_NUMBER() OVER w AS rn,
       LAG("orders".amount) OVER w AS previous_amount
FROM venv__staging.staging__orders__1a2b3c4d5e6f7a8b AS "orders"
WINDOW w AS (PARTITION BY customer_id ORDER BY ordered_at)
