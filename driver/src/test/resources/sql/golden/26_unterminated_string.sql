SELECT * FROM staging.orders WHERE note = 'staging.customers is not closed
FROM analytics.revenue
