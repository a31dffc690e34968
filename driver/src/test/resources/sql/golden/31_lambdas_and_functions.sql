SELECT list_filter(xs, x -> x > 0), staging.orders.amount // 2, 2 ** 3,
       (SELECT MAX(amount) FROM staging.orders), read_parquet('staging.orders.parquet')
FROM staging.orders, range(10) r(i)
