MODEL (
  name staging.stg_orders,
  kind VIEW,
  owner 'analytics',
  description 'Orders with typed columns and a normalised status',
  grain order_id,
  tags [staging],
);

SELECT
  CAST(o.order_id AS INTEGER)       AS order_id,
  CAST(o.customer_id AS INTEGER)    AS customer_id,
  CAST(o.product_id AS INTEGER)     AS product_id,
  CAST(o.order_date AS DATE)        AS order_date,
  LOWER(TRIM(o.status))             AS order_status,
  CAST(o.quantity AS INTEGER)       AS quantity
FROM raw.orders AS o
WHERE o.quantity > 0;
