SELECT o.*, 'staging.orders'::regclass, (o).id
FROM ONLY venv__staging.staging__orders__1a2b3c4d5e6f7a8b o
JOIN LATERAL (SELECT * FROM venv__staging.staging__customers__0f1e2d3c4b5a6978 c WHERE c.id = o.customer_id) c ON true
JOIN venv__staging.staging__orders__1a2b3c4d5e6f7a8b u ON true
WHERE o.amount >= ALL (SELECT total FROM venv__analytics.analytics__revenue__9a8b7c6d5e4f3a2b AS "revenue") AND j ?? 'k'
