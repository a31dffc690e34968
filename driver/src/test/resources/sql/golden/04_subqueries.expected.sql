SELECT *
FROM (SELECT customer_id, COUNT(*) AS n FROM venv__staging.staging__orders__1a2b3c4d5e6f7a8b AS "orders" GROUP BY customer_id) AS per_customer
WHERE customer_id IN (SELECT customer_id FROM venv__staging.staging__customers__0f1e2d3c4b5a6978 AS "customers" WHERE country = 'NL')
  AND EXISTS (SELECT 1 FROM venv__analytics.analytics__revenue__9a8b7c6d5e4f3a2b r WHERE r.customer_id = per_customer.customer_id)
