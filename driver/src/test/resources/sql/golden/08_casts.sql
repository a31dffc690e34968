SELECT id::VARCHAR, amount::DECIMAL(18, 2), CAST(ordered_at AS DATE), '2024-01-01'::DATE, x::staging.orders
FROM staging.orders::text
