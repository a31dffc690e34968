MODEL (
  name marts.customer_lifetime,
  kind FULL,   -- built from another mart: a change to marts.customer_orders flows down here
  owner 'analytics',
  description 'Lifetime value, average order value, active days and segment per customer',
  grain customer_id,
  tags [finance, crm],
  cron '@daily'
);

SELECT
  co.customer_id,
  co.revenue                                                 AS lifetime_value,
  CASE WHEN co.completed_orders > 0
       THEN CAST(co.revenue / co.completed_orders AS DECIMAL(12, 2))
  END                                                        AS avg_order_value,
  -- Days between the first and the last order, spelled so that DuckDB, PostgreSQL and Trino all
  -- take it: a date minus a date is an integer on the first two but no type on Trino, while the
  -- day field of a timestamp difference (an interval of days, never months) is one on all three.
  CAST(EXTRACT(DAY FROM CAST(co.last_order_date AS TIMESTAMP)
                        - CAST(co.first_order_date AS TIMESTAMP)) AS INTEGER)
                                                             AS active_days,
  CASE
    WHEN co.revenue >= 150 THEN 'gold'
    WHEN co.revenue >= 50  THEN 'silver'
    WHEN co.revenue > 0    THEN 'bronze'
    ELSE 'prospect'
  END                                                        AS segment
FROM marts.customer_orders AS co
