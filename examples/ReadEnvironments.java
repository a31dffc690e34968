import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Reads one model in prod and in dev, side by side: the same table name, two environments.
 * Run with the venv jar on the class path (it carries the DuckDB driver):
 *   java -cp driver/target/venv-jdbc.jar examples/ReadEnvironments.java quickstart-work/warehouse.db
 */
public class ReadEnvironments {
  public static void main(String[] args) throws Exception {
    String sql = "SELECT customer_id, customer_name, order_count, revenue FROM %s.customer_orders ORDER BY customer_id LIMIT 5";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + args[0]); Statement s = c.createStatement()) {
      for (String schema : new String[] {"marts", "marts__dev"}) {
        System.out.printf("%n%s:%n", sql.formatted(schema));
        try (ResultSet rs = s.executeQuery(sql.formatted(schema))) {
          int n = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            StringBuilder row = new StringBuilder("  ");
            for (int i = 1; i <= n; i++) {
              row.append(String.format("%-18s", rs.getString(i)));
            }
            System.out.println(row);
          }
        }
      }
    }
  }
}
