MODEL (
  Name staging.stg_products,
  Kind view,
  /* prices are in EUR */
  Owner 'analytics',
  Description 'Products with a decimal unit price',
  Grain product_id
);
SELECT
  CAST(p.product_id AS INTEGER)       AS product_id,
  TRIM(p.name)                        AS product_name,
  LOWER(TRIM(p.category))             AS category,
  CAST(p.price AS DECIMAL(10, 2))     AS unit_price
FROM raw.products AS p
