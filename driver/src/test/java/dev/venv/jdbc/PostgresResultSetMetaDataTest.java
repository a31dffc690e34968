package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.engine.Engine;
import dev.venv.testing.PostgresTestDatabase;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wrappers on PostgreSQL, which names the table behind a result column (a model's physical
 * table reads as the model), keeps its own SQLStates and has callable statements.
 */
class PostgresResultSetMetaDataTest {
  @RegisterExtension static final PostgresTestDatabase pg = PostgresTestDatabase.perClass();
  @TempDir static Path dir;
  static ConnectionWrapperTest.Shop shop;

  @BeforeAll
  static void environments() throws Exception {
    Properties properties = new Properties();
    properties.setProperty("user", PostgresTestDatabase.USER);
    properties.setProperty("password", PostgresTestDatabase.PASSWORD);
    shop = ConnectionWrapperTest.Shop.on(dir, Engine.forUrl(pg.url(), properties));
  }

  @AfterAll
  static void close() throws Exception {
    if (shop != null) {
      shop.close();
    }
  }

  @Test
  void columnsOfAModelNameTheModel() throws Exception {
    try (Connection c = shop.connect("dev"); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT o.customer_id, o.order_count, 1 AS one FROM marts.customer_orders o")) {
      ResultSetMetaData md = rs.getMetaData();
      assertEquals("customer_orders", md.getTableName(1));
      assertEquals("marts", md.getSchemaName(1));
      assertEquals("customer_orders", md.getTableName(2));
      assertEquals("", md.getTableName(3));
      assertTrue(md.unwrap(org.postgresql.PGResultSetMetaData.class).getBaseTableName(1).startsWith("marts__customer_orders__"),
          "the backend names the physical table");
    }
  }

  @Test
  void preparedStatementMetaDataNamesTheModel() throws Exception {
    try (Connection c = shop.connect("dev");
         PreparedStatement p = c.prepareStatement("SELECT customer_name FROM marts.customer_orders WHERE customer_id = ?")) {
      ResultSetMetaData md = p.getMetaData();
      assertEquals("customer_orders", md.getTableName(1));
      assertEquals("marts", md.getSchemaName(1));
    }
  }

  @Test
  void catalogMetadataShowsTheEnvironment() throws Exception {
    try (Connection c = shop.connect("dev")) {
      List<String> schemas = DatabaseMetaDataTest.column(c.getMetaData().getSchemas(), "TABLE_SCHEM");
      assertTrue(schemas.containsAll(List.of("marts", "raw", "staging", "public")), schemas::toString);
      assertFalse(schemas.stream().anyMatch(s -> s.contains("__") || s.equals("venv_state")), schemas::toString);
      assertEquals(DatabaseMetaDataTest.SHOP,
          DatabaseMetaDataTest.tables(c.getMetaData().getTables(null, "%", "%", new String[] {"TABLE", "VIEW"})));
      assertEquals(10, DatabaseMetaDataTest.column(
          c.getMetaData().getColumns(null, "marts", "customer_orders", null), "COLUMN_NAME").size());
    }
  }

  @Test
  void errorsKeepPostgresStates() throws Exception {
    try (Connection c = shop.connect("dev"); Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class,
          () -> s.executeQuery("SELECT * FROM no_such_table"));
      assertEquals("42P01", e.getSQLState());
    }
  }

  @Test
  void callableStatementsRouteAndLeadBack() throws Exception {
    try (Connection c = shop.connect("dev");
         CallableStatement call = c.prepareCall("SELECT max(order_count) FROM marts.customer_orders");
         ResultSet rs = call.executeQuery()) {
      assertSame(call, rs.getStatement());
      assertSame(c, call.getConnection());
      assertTrue(rs.next());
      assertEquals(shop.backendRows("SELECT max(order_count) FROM marts__dev.customer_orders").get(0), rs.getString(1));
    }
  }
}
