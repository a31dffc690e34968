SELECT w.staging.orders.id, "w"."staging"."orders"."amount"
FROM w.staging.orders
JOIN "w"."staging"."orders" AS o2 ON true
JOIN warehouse.analytics.revenue r ON true
JOIN w.raw.customers rc ON true
