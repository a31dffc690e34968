SELECT staging.orders.id, staging.orders.amount * 2, "staging"."orders"."id"
FROM staging.orders
WHERE staging.orders.status = 'paid' ORDER BY staging.orders.id
