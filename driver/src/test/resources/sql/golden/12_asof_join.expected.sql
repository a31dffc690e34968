SELECT o.id, p.price
FROM venv__staging.staging__orders__1a2b3c4d5e6f7a8b o
ASOF JOIN raw.prices p ON o.product_id = p.product_id AND o.ordered_at >= p.valid_from
POSITIONAL JOIN venv__staging.staging__customers__0f1e2d3c4b5a6978 AS "customers"
