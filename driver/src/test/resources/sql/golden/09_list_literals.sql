SELECT [1, 2, 3] AS xs, list_transform([o.amount, 2], x -> x * 2) AS doubled, xs[1:2], [x + 1 FOR x IN xs]
FROM staging.orders o
WHERE o.status IN ('paid', 'shipped') AND list_contains(['staging.orders'], 'x')
