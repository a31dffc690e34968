SELECT *
FROM venv__staging.staging__orders__1a2b3c4d5e6f7a8b AS "orders"
QUALIFY ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY ordered_at DESC) = 1
