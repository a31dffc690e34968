SELECT "orders".id, "orders".amount * 2, "orders"."id"
FROM venv__staging.staging__orders__1a2b3c4d5e6f7a8b AS "orders"
WHERE "orders".status = 'paid' ORDER BY "orders".id
