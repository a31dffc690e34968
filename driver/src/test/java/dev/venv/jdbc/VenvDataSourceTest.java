package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.testing.ModelRepositories;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link VenvDataSource} as HikariCP and Spring configure it: a bean property per option. */
class VenvDataSourceTest {
  @TempDir Path dir;

  /** The README's options table is the list a user configures a data source from. */
  @Test
  void takesEveryOptionOfTheReadmesTableAsABeanProperty() throws Exception {
    List<String> documented = readmeOptions();
    Set<String> driverOptions = new TreeSet<>();
    for (VenvOption option : VenvOption.values()) {
      driverOptions.add(option.key());
    }
    assertEquals(driverOptions, new TreeSet<>(documented), "the README's table lists the driver's options");
    for (String option : documented) {
      String setter = "set" + camelCase(option);
      Method method = VenvDataSource.class.getMethod(setter, String.class);
      try (VenvDataSource source = new VenvDataSource()) {
        method.invoke(source, "value of " + option);
        assertEquals("value of " + option, source.connectionProperties().getProperty(option),
            setter + " sets option " + option);
      }
    }
  }

  /** A driver answers null for another driver's URL; a data source has nobody to pass it to. */
  @Test
  void aUrlThatIsNotVenvsIsRefusedNotAnsweredWithNull() throws Exception {
    try (VenvDataSource ds = new VenvDataSource()) {
      ds.setUrl("jdbc:duckdb:" + dir.resolve("w.db"));
      SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, ds::getConnection);
      assertEquals("08001", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("jdbc:venv:"), e.getMessage());
      e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> ds.getConnection("a", "b"));
      assertEquals("08001", e.getSQLState(), e.getMessage());
      assertTrue(Files.notExists(dir.resolve("w.db")), "nothing opened");
    }
  }

  @Test
  void refreshAutoMovesTheEnvironmentToTheRepositorysModels() throws Exception {
    Path models = ModelRepositories.copyShop(dir.resolve("repo"));
    try (VenvDataSource source = new VenvDataSource()) {
      source.setUrl("jdbc:venv:dev:duckdb:" + dir.resolve("warehouse.db"));
      source.setModels(models.toString());
      source.setRefresh("auto");
      long before = maxOrderCount(source);
      ModelRepositories.edit(models.resolve("marts/customer_orders.sql"), "COUNT(v.order_id)  ", "COUNT(v.order_id) + 1000");
      assertEquals(before + 1000, maxOrderCount(source), "the next connect moved dev to the edited model");
    }
  }

  private static long maxOrderCount(VenvDataSource source) throws SQLException {
    try (Connection c = source.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT max(order_count) FROM marts.customer_orders")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The first column of the table under the README's "| option | default | meaning |" header. */
  private static List<String> readmeOptions() throws Exception {
    List<String> lines = Files.readAllLines(ModelRepositories.examples().resolveSibling("README.md"));
    List<String> options = new ArrayList<>();
    int row = lines.indexOf("| option | default | meaning |") + 2;
    assertTrue(row > 1, "the README has the options table");
    for (; row < lines.size() && lines.get(row).startsWith("| `"); row++) {
      String cell = lines.get(row).substring(3);
      options.add(cell.substring(0, cell.indexOf('`')));
    }
    return options;
  }

  private static String camelCase(String option) {
    StringBuilder name = new StringBuilder();
    for (String part : option.split("_")) {
      name.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
    }
    return name.toString();
  }
}
