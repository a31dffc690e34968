SELECT (rec).staging.orders, my_struct.staging.orders, [1].staging
FROM raw.events
