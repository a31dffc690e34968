-- sqlline: one report from prod, then from dev. Run from the repository's root (examples/sqlline/run
-- prepares examples/target/sqlline):
--   java -cp driver/target/venv-jdbc.jar:sqlline-jar-with-dependencies.jar sqlline.SqlLine -f examples/sqlline/report.sql
-- The first connect to each environment creates it from the repository in ?models=.
!set maxWidth 100
!connect jdbc:venv:prod:duckdb:examples/target/sqlline/warehouse.db?models=examples/shop/models "" ""
SELECT country_code, SUM(order_count) AS orders, SUM(completed_orders) AS completed, SUM(revenue) AS revenue
FROM marts.customer_orders GROUP BY country_code ORDER BY country_code;
!connect jdbc:venv:dev:duckdb:examples/target/sqlline/warehouse.db?models=examples/target/sqlline/shop-dev/models "" ""
SELECT country_code, SUM(order_count) AS orders, SUM(completed_orders) AS completed, SUM(revenue) AS revenue
FROM marts.customer_orders GROUP BY country_code ORDER BY country_code;
!quit
