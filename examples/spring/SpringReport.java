import dev.venv.jdbc.VenvDataSource;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Spring's JdbcTemplate on a VenvDataSource (plain Spring JDBC, no Boot): one data source per
 * environment, each set up as a Spring bean would be, and one report read through each.
 *
 *   java -cp venv-jdbc.jar:spring-jdbc.jar:spring-core.jar:... SpringReport.java \
 *       warehouse.db shop/models shop-dev/models
 */
public class SpringReport {
  record CountryOrders(String country, long orders, long completed, String revenue) {}

  public static void main(String[] args) throws Exception {
    String warehouse = args[0];
    print("prod", ordersPerCountry(dataSource(warehouse, "prod", args[1])));
    print("dev", ordersPerCountry(dataSource(warehouse, "dev", args[2])));
  }

  /**
   * What {@code <bean class="dev.venv.jdbc.VenvDataSource" destroy-method="close">} with
   * properties url, env and models sets up.
   */
  static VenvDataSource dataSource(String warehouse, String env, String models) {
    VenvDataSource ds = new VenvDataSource();
    ds.setUrl("jdbc:venv:duckdb:" + warehouse);
    ds.setEnv(env);
    ds.setModels(models);  // the first connect creates a missing environment from this repository
    return ds;
  }

  static List<CountryOrders> ordersPerCountry(VenvDataSource ds) throws Exception {
    try (ds) {  // Spring's destroy-method: releases the data source's connections and databases
      return new JdbcTemplate(ds).query("""
          SELECT country_code, SUM(order_count) AS orders, SUM(completed_orders) AS completed, SUM(revenue) AS revenue
          FROM marts.customer_orders
          GROUP BY country_code
          ORDER BY country_code""",
          (rs, row) -> new CountryOrders(rs.getString("country_code"), rs.getLong("orders"), rs.getLong("completed"),
              rs.getBigDecimal("revenue").toPlainString()));
    }
  }

  static void print(String env, List<CountryOrders> report) {
    System.out.println(env);
    System.out.printf("  %-7s %6s %9s %9s%n", "country", "orders", "completed", "revenue");
    for (CountryOrders r : report) {
      System.out.printf("  %-7s %6d %9d %9s%n", r.country(), r.orders(), r.completed(), r.revenue());
    }
  }
}
