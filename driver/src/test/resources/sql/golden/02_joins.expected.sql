SELECT o.id, c.name, r.total
FROM venv__staging.staging__orders__1a2b3c4d5e6f7a8b AS o
JOIN venv__staging.staging__customers__0f1e2d3c4b5a6978 c ON c.customer_id = o.customer_id
LEFT JOIN venv__analytics.analytics__revenue__9a8b7c6d5e4f3a2b r USING (customer_id)
LEFT JOIN raw.customers rc ON rc.id = c.customer_id
CROSS JOIN raw.calendar
