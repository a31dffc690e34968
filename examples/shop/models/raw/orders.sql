-- Order lines exported from the shop backend: one product per order.
MODEL (
  NAME raw.orders,
  KIND SEED (
    path '../../seeds/orders.csv'
  ),
  OWNER 'data-platform',
  GRAIN order_id,   -- header comment: the key for row diffs
);
