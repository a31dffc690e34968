MODEL (
  name marts.daily_revenue,
  kind full,
  owner 'finance',
  description 'Completed revenue and order counts per order date',
  grain order_date,
  tags [finance],
  cron '@daily',
);
SELECT
  o.order_date,
  COUNT(*)                                                   AS orders,
  COUNT(CASE WHEN o.order_status = 'completed' THEN 1 END)   AS completed_orders,
  CAST(COALESCE(SUM(CASE WHEN o.order_status = 'completed'
                         THEN o.quantity END), 0)
       AS BIGINT)                                            AS units_sold,
  CAST(COALESCE(SUM(CASE WHEN o.order_status = 'completed'
                         THEN o.quantity * p.unit_price END), 0)
       AS DECIMAL(12, 2))                                    AS revenue
FROM staging.stg_orders AS o
JOIN staging.stg_products AS p ON p.product_id = o.product_id
GROUP BY o.order_date
