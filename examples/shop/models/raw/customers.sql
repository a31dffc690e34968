MODEL (
  name raw.customers,
  kind SEED (path '../../seeds/customers.csv'),
  owner 'data-platform',
  description 'Shop customers, loaded from a CSV seed',
  grain customer_id
);
