SELECT o.orders, orders.id, staging.orders_2.id, xstaging.orders
FROM staging.orders_2
JOIN xstaging.orders ON true
JOIN staging_x.orders o ON o.orders = 1
JOIN raw.orders ON true
JOIN "staging.orders" q ON true
JOIN staging.customerss ON true
JOIN orders.staging ON true
