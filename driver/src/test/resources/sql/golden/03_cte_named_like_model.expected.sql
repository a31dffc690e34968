WITH orders AS (
    SELECT * FROM venv__staging.staging__orders__1a2b3c4d5e6f7a8b AS "orders" WHERE status = 'paid'
), customers AS (SELECT * FROM customers)
SELECT orders.id, customers.name
FROM orders
JOIN customers ON customers.customer_id = orders.customer_id
