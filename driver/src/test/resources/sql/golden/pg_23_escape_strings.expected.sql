SELECT E'it\'s staging.orders', e'\\' AS backslash, 'plain\' AS p, id
FROM venv__staging.staging__orders__1a2b3c4d5e6f7a8b AS "orders"
WHERE note = E'\' FROM staging.customers --'
  AND x = U&'\0061' AND y = "customers".id
