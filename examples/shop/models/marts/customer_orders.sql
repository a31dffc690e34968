MODEL (
  name marts.customer_orders,
  kind FULL,
  owner 'analytics',
  description 'Per customer: orders placed, completed and returned, revenue, first and last order',
  grain customer_id,
  tags [finance, daily],
  cron '@daily'
);

WITH order_values AS (
  SELECT
    o.order_id,
    o.customer_id,
    o.order_date,
    o.order_status,
    o.quantity * p.unit_price AS order_value
  FROM staging.stg_orders AS o
  JOIN staging.stg_products AS p ON p.product_id = o.product_id
)
SELECT
  c.customer_id,
  c.customer_name,
  c.country_code,
  c.signup_date,
  COUNT(v.order_id)                                          AS order_count,
  COUNT(CASE WHEN v.order_status = 'completed' THEN 1 END)   AS completed_orders,
  COUNT(CASE WHEN v.order_status = 'returned' THEN 1 END)    AS returned_orders,
  CAST(COALESCE(SUM(CASE WHEN v.order_status = 'completed'
                         THEN v.order_value END), 0)
       AS DECIMAL(12, 2))                                    AS revenue,
  MIN(v.order_date)                                          AS first_order_date,
  MAX(v.order_date)                                          AS last_order_date
FROM staging.stg_customers AS c
LEFT JOIN order_values AS v ON v.customer_id = c.customer_id
GROUP BY c.customer_id, c.customer_name, c.country_code, c.signup_date;
