SELECT [1, 2, 3] AS xs, list_transform([o.amount, 2], x -> x * 2) AS doubled, xs[1:2], [x + 1 FOR x IN xs]
FROM venv__staging.staging__orders__1a2b3c4d5e6f7a8b o
WHERE o.status IN ('paid', 'shipped') AND list_contains(['staging.orders'], 'x')
