PIVOT staging.orders ON status USING SUM(amount) GROUP BY customer_id;
SELECT * FROM (SELECT * FROM analytics.revenue) PIVOT (SUM(total) FOR year IN (2023, 2024));
UNPIVOT analytics.revenue ON COLUMNS(* EXCLUDE (customer_id)) INTO NAME year VALUE total
