SELECT *
FROM (SELECT customer_id, COUNT(*) AS n FROM staging.orders GROUP BY customer_id) AS per_customer
WHERE customer_id IN (SELECT customer_id FROM staging.customers WHERE country = 'NL')
  AND EXISTS (SELECT 1 FROM analytics.revenue r WHERE r.customer_id = per_customer.customer_id)
