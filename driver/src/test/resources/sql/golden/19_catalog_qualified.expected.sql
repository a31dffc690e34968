SELECT "orders".id, "orders"."amount"
FROM venv__staging.staging__orders__1a2b3c4d5e6f7a8b AS "orders"
JOIN venv__staging.staging__orders__1a2b3c4d5e6f7a8b AS o2 ON true
JOIN venv__analytics.analytics__revenue__9a8b7c6d5e4f3a2b r ON true
JOIN w.raw.customers rc ON true
