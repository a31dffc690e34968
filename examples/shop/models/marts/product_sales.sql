MODEL (
  NAME marts.product_sales,
  KIND FULL,
  OWNER 'merchandising',
  DESCRIPTION 'Units sold, revenue and returns per product',
  GRAIN product_id,
  TAGS [merchandising, weekly],
  CRON '@weekly'
);

SELECT
  p.product_id,
  p.product_name,
  p.category,
  p.unit_price,
  COUNT(o.order_id)                                          AS order_count,
  CAST(COALESCE(SUM(CASE WHEN o.order_status = 'completed'
                         THEN o.quantity END), 0)
       AS BIGINT)                                            AS units_sold,
  CAST(COALESCE(SUM(CASE WHEN o.order_status = 'completed'
                         THEN o.quantity * p.unit_price END), 0)
       AS DECIMAL(12, 2))                                    AS revenue,
  COUNT(CASE WHEN o.order_status = 'returned' THEN 1 END)    AS returned_orders
FROM staging.stg_products AS p
LEFT JOIN staging.stg_orders AS o ON o.product_id = p.product_id
GROUP BY p.product_id, p.product_name, p.category, p.unit_price
