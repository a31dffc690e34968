SELECT * EXCLUDE (internal_note) REPLACE (amount / 100 AS amount)
FROM staging.orders;
SELECT COLUMNS('amount_.*') FROM analytics.revenue;
