SELECT o.id, c.name, r.total
FROM staging.orders AS o
JOIN staging.customers c ON c.customer_id = o.customer_id
LEFT JOIN analytics.revenue r USING (customer_id)
LEFT JOIN raw.customers rc ON rc.id = c.customer_id
CROSS JOIN raw.calendar
