SELECT o.id, p.price
FROM staging.orders o
ASOF JOIN raw.prices p ON o.product_id = p.product_id AND o.ordered_at >= p.valid_from
POSITIONAL JOIN staging.customers
