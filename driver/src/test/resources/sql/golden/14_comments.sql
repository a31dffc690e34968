-- reads staging.orders and staging.customers
/* staging.orders /* nested: analytics.revenue */ still a comment: staging.customers */
SELECT id -- staging.orders.id
FROM staging.orders /* the staging.orders table */ o
