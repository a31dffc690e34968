CREATE TEMP TABLE t AS SELECT * FROM venv__staging.staging__orders__1a2b3c4d5e6f7a8b AS "orders";
INSERT INTO raw.audit SELECT 'staging.orders', COUNT(*) FROM venv__staging.staging__orders__1a2b3c4d5e6f7a8b AS "orders";
SELECT * FROM t JOIN venv__analytics.analytics__revenue__9a8b7c6d5e4f3a2b AS "revenue" USING (customer_id);
