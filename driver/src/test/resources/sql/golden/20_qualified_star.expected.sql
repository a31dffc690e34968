SELECT "orders".*, c.*, "customers".* EXCLUDE (name)
FROM venv__staging.staging__orders__1a2b3c4d5e6f7a8b AS "orders", venv__staging.staging__customers__0f1e2d3c4b5a6978 c
