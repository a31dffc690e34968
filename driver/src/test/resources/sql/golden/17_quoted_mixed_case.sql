SELECT "o".id
FROM "staging"."orders" AS "o"
JOIN STAGING.CUSTOMERS c ON c.id = "o".customer_id
JOIN "Analytics"."REVENUE" r ON r.customer_id = c.id
JOIN Staging."Customers" c2 ON true
JOIN "staging".Orders o2 ON true
