SELECT customer_id FROM staging.orders
UNION ALL BY NAME
SELECT customer_id FROM staging.customers
EXCEPT
SELECT customer_id FROM analytics.revenue
