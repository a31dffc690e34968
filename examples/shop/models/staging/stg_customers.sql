-- kind omitted: VIEW is the default
MODEL (
  name staging.stg_customers,
  owner 'analytics',
  description 'Customers with tidy names and types',
  grain customer_id
);

SELECT
  CAST(c.customer_id AS INTEGER)    AS customer_id,
  TRIM(c.name)                      AS customer_name,
  UPPER(TRIM(c.country))            AS country_code,
  CAST(c.signup_date AS DATE)       AS signup_date
FROM raw.customers AS c
