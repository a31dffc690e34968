SELECT 'staging.orders' AS name, 'it''s staging.orders' AS quoted, 'staging' || '.' || 'orders' AS built
FROM venv__staging.staging__orders__1a2b3c4d5e6f7a8b AS "orders"
WHERE note <> 'FROM staging.customers' AND note LIKE '%analytics.revenue%'
