package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.venv.testing.ModelRepositories;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HikariCP pools venv connections, configured either way applications configure it. */
class HikariPoolTest {
  @TempDir Path dir;

  @Test
  void jdbcUrlAndDriverClassName() throws Exception {
    String url = prodAndDevUrl();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setDriverClassName(VenvDriver.class.getName());
    config.setSchema("main"); // the pool puts a borrower's schema change back to this
    config.setMaximumPoolSize(1);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      assertReadsDevAcrossBorrowers(pool);
      try (Connection c = pool.getConnection()) {
        assertEquals("main", c.getSchema(), "the pool put the schema back");
      }
    }
  }

  @Test
  void dataSourceClassName() throws Exception {
    String url = prodAndDevUrl();
    HikariConfig config = new HikariConfig();
    config.setDataSourceClassName(VenvDataSource.class.getName());
    config.addDataSourceProperty("url", url.substring(0, url.indexOf('?')));
    config.addDataSourceProperty("models", url.substring(url.indexOf("models=") + 7));
    config.setMaximumPoolSize(1);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      assertReadsDevAcrossBorrowers(pool);
    }
  }

  /** One pooled connection: the first borrower moves its schema, the next still reads dev. */
  private static void assertReadsDevAcrossBorrowers(HikariDataSource pool) throws SQLException {
    try (Connection c = pool.getConnection()) {
      assertEquals(1007, orderCount(c, "SELECT order_count FROM marts.customer_orders WHERE customer_id = 1"));
      c.setSchema("marts");
      assertEquals("marts", c.getSchema());
      assertEquals(1007, orderCount(c, "SELECT order_count FROM customer_orders WHERE customer_id = 1"));
    }
    try (Connection c = pool.getConnection()) {
      assertEquals(1007, orderCount(c, "SELECT order_count FROM marts.customer_orders WHERE customer_id = 1"));
    }
  }

  private static long orderCount(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private String prodAndDevUrl() throws SQLException {
    Path prod = ModelRepositories.copyShop(dir.resolve("prod"));
    Path dev = ModelRepositories.copyShop(dir.resolve("dev"));
    ModelRepositories.edit(dev.resolve("marts/customer_orders.sql"), "COUNT(v.order_id)  ", "COUNT(v.order_id) + 1003");
    Path db = dir.resolve("w.db");
    try (Connection c = java.sql.DriverManager.getConnection("jdbc:venv:prod:duckdb:" + db + "?models=" + prod)) {
      c.isValid(1);
    }
    return "jdbc:venv:dev:duckdb:" + db + "?models=" + dev;
  }
}
