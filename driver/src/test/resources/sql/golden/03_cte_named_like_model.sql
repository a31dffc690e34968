WITH orders AS (
    SELECT * FROM staging.orders WHERE status = 'paid'
), customers AS (SELECT * FROM customers)
SELECT orders.id, customers.name
FROM orders
JOIN customers ON customers.customer_id = orders.customer_id
