SELECT o.*, 'staging.orders'::regclass, (o).id
FROM ONLY staging.orders o
JOIN LATERAL (SELECT * FROM staging.customers c WHERE c.id = o.customer_id) c ON true
JOIN U&"st\0061ging"."orders" u ON true
WHERE o.amount >= ALL (SELECT total FROM analytics.revenue) AND j ?? 'k'
