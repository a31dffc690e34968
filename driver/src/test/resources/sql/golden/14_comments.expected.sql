-- reads staging.orders and staging.customers
/* staging.orders /* nested: analytics.revenue */ still a comment: staging.customers */
SELECT id -- staging.orders.id
FROM venv__staging.staging__orders__1a2b3c4d5e6f7a8b /* the staging.orders table */ o
