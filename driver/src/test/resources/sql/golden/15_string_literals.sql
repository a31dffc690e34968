SELECT 'staging.orders' AS name, 'it''s staging.orders' AS quoted, 'staging' || '.' || 'orders' AS built
FROM staging.orders
WHERE note <> 'FROM staging.customers' AND note LIKE '%analytics.revenue%'
