SELECT E'it\'s staging.orders', e'\\' AS backslash, 'plain\' AS p, id
FROM staging.orders
WHERE note = E'\' FROM staging.customers --'
  AND x = U&'\0061' AND y = "staging".customers.id
