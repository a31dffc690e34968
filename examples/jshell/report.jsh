// JShell: one report from prod, then from dev, on two jdbc:venv URLs. Run from the repository's
// root (examples/jshell/run prepares examples/target/jshell):
//   jshell --class-path driver/target/venv-jdbc.jar examples/jshell/report.jsh
// The first connect to each environment creates it from the repository in ?models=.
import java.sql.*;

String report = """
    SELECT country_code, SUM(order_count) AS orders, SUM(completed_orders) AS completed, SUM(revenue) AS revenue
    FROM marts.customer_orders
    GROUP BY country_code
    ORDER BY country_code""";

void print(String url) throws SQLException {
  try (Connection c = DriverManager.getConnection(url);
       ResultSet rs = c.createStatement().executeQuery(report)) {
    System.out.println(url.substring(0, url.indexOf('?')));
    while (rs.next()) {
      System.out.printf("  %s %3d orders, %3d completed, revenue %s%n", rs.getString(1), rs.getLong(2), rs.getLong(3),
          rs.getBigDecimal(4));
    }
  }
}

print("jdbc:venv:prod:duckdb:examples/target/jshell/warehouse.db?models=examples/shop/models");
print("jdbc:venv:dev:duckdb:examples/target/jshell/warehouse.db?models=examples/target/jshell/shop-dev/models");
/exit
