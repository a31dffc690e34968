/* Two levels below marts.customer_orders: customer_orders -> customer_lifetime -> country_revenue */
MODEL (
  name marts.country_revenue,
  kind FULL,
  owner 'finance',
  description 'Customers, buying customers, gold customers and lifetime value per country',
  grain (country_code),
  tags [finance],
  cron '@daily',
  -- the trailing comma above and this comment are both allowed
);

SELECT
  c.country_code,
  COUNT(*)                                                   AS customers,
  COUNT(CASE WHEN l.segment <> 'prospect' THEN 1 END)        AS buying_customers,
  COUNT(CASE WHEN l.segment = 'gold' THEN 1 END)             AS gold_customers,
  CAST(SUM(l.lifetime_value) AS DECIMAL(12, 2))              AS lifetime_value
FROM marts.customer_lifetime AS l
JOIN staging.stg_customers AS c ON c.customer_id = l.customer_id
GROUP BY c.country_code
ORDER BY lifetime_value DESC;
