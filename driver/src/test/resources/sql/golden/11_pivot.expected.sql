PIVOT venv__staging.staging__orders__1a2b3c4d5e6f7a8b ON status USING SUM(amount) GROUP BY customer_id;
SELECT * FROM (SELECT * FROM venv__analytics.analytics__revenue__9a8b7c6d5e4f3a2b AS "revenue") PIVOT (SUM(total) FOR year IN (2023, 2024));
UNPIVOT venv__analytics.analytics__revenue__9a8b7c6d5e4f3a2b ON COLUMNS(* EXCLUDE (customer_id)) INTO NAME year VALUE total
