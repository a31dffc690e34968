SELECT list_filter(xs, x -> x > 0), "orders".amount // 2, 2 ** 3,
       (SELECT MAX(amount) FROM venv__staging.staging__orders__1a2b3c4d5e6f7a8b AS "orders"), read_parquet('staging.orders.parquet')
FROM venv__staging.staging__orders__1a2b3c4d5e6f7a8b AS "orders", range(10) r(i)
