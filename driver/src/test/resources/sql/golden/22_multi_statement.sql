CREATE TEMP TABLE t AS SELECT * FROM staging.orders;
INSERT INTO raw.audit SELECT 'staging.orders', COUNT(*) FROM staging.orders;
SELECT * FROM t JOIN analytics.revenue USING (customer_id);
