SELECT (rec).venv__staging.staging__orders__1a2b3c4d5e6f7a8b, venv__staging.staging__orders__1a2b3c4d5e6f7a8b, [1].staging
FROM raw.events
