SELECT * FROM staging.orders WHERE id = ? AND customer_id = $1 AND status = $status AND note = '?'
