SELECT *
FROM staging . orders
JOIN staging
  .customers c ON true
JOIN analytics/* schema */./* table */revenue r ON true
JOIN staging -- line comment
  . "orders" o2 ON true
