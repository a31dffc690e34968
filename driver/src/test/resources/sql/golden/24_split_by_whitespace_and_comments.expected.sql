SELECT *
FROM venv__staging.staging__orders__1a2b3c4d5e6f7a8b AS "orders"
JOIN venv__staging.staging__customers__0f1e2d3c4b5a6978 c ON true
JOIN venv__analytics.analytics__revenue__9a8b7c6d5e4f3a2b r ON true
JOIN venv__staging.staging__orders__1a2b3c4d5e6f7a8b o2 ON true
