import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The same SQL text on two connections, one per environment: the URL picks the environment, the
 * query stays as it is. Run with the venv jar on the class path:
 *   java -cp driver/target/venv-jdbc.jar examples/ReadEnvironments.java quickstart-work/warehouse.db
 */
public class ReadEnvironments {
  public static void main(String[] args) throws Exception {
    String sql = "SELECT customer_id, customer_name, order_count, revenue FROM marts.customer_orders"
        + " ORDER BY customer_id LIMIT 5";
    System.out.println(sql);
    for (String env : new String[] {"prod", "dev"}) {
      String url = "jdbc:venv:" + env + ":duckdb:" + args[0];
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(sql)) {
        System.out.printf("%non %s:%n", url);
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
