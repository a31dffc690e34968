SELECT * EXCLUDE (internal_note) REPLACE (amount / 100 AS amount)
FROM venv__staging.staging__orders__1a2b3c4d5e6f7a8b AS "orders";
SELECT COLUMNS('amount_.*') FROM venv__analytics.analytics__revenue__9a8b7c6d5e4f3a2b AS "revenue";
