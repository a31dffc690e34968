SELECT id, amount FROM venv__staging.staging__orders__1a2b3c4d5e6f7a8b AS "orders" WHERE amount > 100
