SELECT * FROM venv__staging.staging__orders__1a2b3c4d5e6f7a8b AS "orders" WHERE id = ? AND customer_id = $1 AND status = $status AND note = '?'
