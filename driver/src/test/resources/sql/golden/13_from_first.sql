FROM staging.orders SELECT *;
FROM staging.customers;
FROM analytics.revenue WHERE total > 0 SELECT customer_id
