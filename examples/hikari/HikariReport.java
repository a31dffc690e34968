import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * An app on a HikariCP pool that prints one report per JDBC URL it is given. The report's SQL is
 * the same for every environment: only the URL says which one it reads.
 *
 *   java -cp venv-jdbc.jar:HikariCP.jar:slf4j-api.jar HikariReport.java \
 *       'jdbc:venv:prod:duckdb:warehouse.db?models=shop/models' \
 *       'jdbc:venv:dev:duckdb:warehouse.db?models=shop-dev/models'
 */
public class HikariReport {
  static final String REPORT = """
      SELECT country_code, SUM(order_count) AS orders, SUM(completed_orders) AS completed, SUM(revenue) AS revenue
      FROM marts.customer_orders
      GROUP BY country_code
      ORDER BY country_code""";

  public static void main(String[] urls) throws Exception {
    for (String url : urls) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url);  // the first connect creates a missing environment from ?models=
      config.setMaximumPoolSize(2);
      try (HikariDataSource pool = new HikariDataSource(config);
          Connection c = pool.getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(REPORT)) {
        System.out.println(url.substring(0, url.indexOf('?')));
        System.out.printf("  %-7s %6s %9s %9s%n", "country", "orders", "completed", "revenue");
        while (rs.next()) {
          System.out.printf("  %-7s %6d %9d %9s%n", rs.getString("country_code"), rs.getLong("orders"),
              rs.getLong("completed"), rs.getBigDecimal("revenue"));
        }
      }
    }
  }
}
