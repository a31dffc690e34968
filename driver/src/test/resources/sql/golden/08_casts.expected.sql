SELECT id::VARCHAR, amount::DECIMAL(18, 2), CAST(ordered_at AS DATE), '2024-01-01'::DATE, x::venv__staging.staging__orders__1a2b3c4d5e6f7a8b
FROM venv__staging.staging__orders__1a2b3c4d5e6f7a8b::text
