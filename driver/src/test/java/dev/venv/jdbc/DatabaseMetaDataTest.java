package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseMetaDataTest {
  static final Set<String> SHOP = Set.of(
      "marts.country_revenue TABLE", "marts.customer_lifetime TABLE", "marts.customer_orders TABLE",
      "marts.daily_revenue TABLE", "marts.product_sales TABLE",
      "raw.customers TABLE", "raw.orders TABLE", "raw.products TABLE",
      "staging.stg_customers VIEW", "staging.stg_orders VIEW", "staging.stg_products VIEW");

  @TempDir static Path dir;
  static ConnectionWrapperTest.Shop shop;

  @BeforeAll
  static void environments() throws Exception {
    shop = ConnectionWrapperTest.Shop.duckDb(dir);
    try (Connection c = shop.connect("dev"); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA notes");
      s.execute("CREATE TABLE notes.note (id INTEGER PRIMARY KEY, body VARCHAR)");
      s.execute("CREATE VIEW notes.recent AS SELECT * FROM notes.note");
    }
  }

  @AfterAll
  static void close() throws Exception {
    shop.close();
  }

  @Test
  void theUrlIsVenvsTheProductTheBackends() throws Exception {
    try (Connection c = shop.connect("dev")) {
      DatabaseMetaData md = c.getMetaData();
      assertEquals(shop.venvUrl("dev"), md.getURL());
      assertSame(c, md.getConnection());
      assertEquals("DuckDB", md.getDatabaseProductName());
      assertEquals(c.unwrap(Connection.class).getMetaData().getDatabaseProductVersion(), md.getDatabaseProductVersion());
    }
  }

  @Test
  void schemasAreTheModelSchemasAndTheBackendsOwnWithoutVenvsOrOtherEnvironments() throws Exception {
    try (Connection c = shop.connect("dev")) {
      List<String> schemas = column(c.getMetaData().getSchemas(), "TABLE_SCHEM");
      assertTrue(schemas.containsAll(List.of("marts", "raw", "staging", "notes", "main")), schemas::toString);
      for (String schema : schemas) {
        assertFalse(schema.startsWith("venv__") || schema.equals("venv_state") || schema.contains("__"), schema);
      }
      assertEquals(1, schemas.stream().filter("marts"::equals).count(), "dev's marts once, prod's not at all");
      assertEquals(List.of("marts"), column(c.getMetaData().getSchemas(null, "marts"), "TABLE_SCHEM"));
      assertEquals(List.of("marts"), column(c.getMetaData().getSchemas(null, "mar%"), "TABLE_SCHEM"));
      assertEquals(List.of(), column(c.getMetaData().getSchemas(null, "marts__dev"), "TABLE_SCHEM"));
      assertEquals(List.of(), column(c.getMetaData().getSchemas(null, "venv%"), "TABLE_SCHEM"));
    }
    try (Connection c = shop.connect("prod")) {
      List<String> schemas = column(c.getMetaData().getSchemas(), "TABLE_SCHEM");
      assertTrue(schemas.containsAll(List.of("marts", "raw", "staging", "notes")), schemas::toString);
      assertFalse(schemas.stream().anyMatch(s -> s.contains("__") || s.equals("venv_state")), schemas::toString);
    }
  }

  @Test
  void tablesAreTheModelsUnderLogicalNamesAndTheUsersObjects() throws Exception {
    try (Connection c = shop.connect("dev")) {
      ResultSet rs = c.getMetaData().getTables(null, null, null, null);
      assertNull(rs.getStatement());
      assertEquals("TABLE_TYPE", rs.getMetaData().getColumnLabel(4));
      Set<String> tables = tables(rs);
      assertTrue(tables.containsAll(SHOP), tables::toString);
      assertTrue(tables.containsAll(Set.of("notes.note TABLE", "notes.recent VIEW")), tables::toString);
      for (String table : tables) {
        assertFalse(table.contains("__") || table.startsWith("venv_state."), table);
        assertFalse(table.endsWith("BASE TABLE"), table);
      }
      Set<String> models = new TreeSet<>(tables);
      models.removeIf(t -> !t.matches("(marts|raw|staging)\\..*"));
      assertEquals(new TreeSet<>(SHOP), models, "each model once");
    }
  }

  @Test
  void tablesFilterByLogicalSchemaAndTypeWithBaseTableForTable() throws Exception {
    try (Connection c = shop.connect("dev")) {
      DatabaseMetaData md = c.getMetaData();
      Set<String> marts = Set.of("marts.country_revenue TABLE", "marts.customer_lifetime TABLE",
          "marts.customer_orders TABLE", "marts.daily_revenue TABLE", "marts.product_sales TABLE");
      assertEquals(marts, tables(md.getTables(null, "marts", null, new String[] {"BASE TABLE"})));
      assertEquals(marts, tables(md.getTables(null, "marts", "%", new String[] {"TABLE"})));
      assertEquals(marts, tables(md.getTables(null, "mart_", null, null)));
      assertEquals(Set.of("marts.customer_orders TABLE"), tables(md.getTables(null, "marts", "customer_orders", null)));
      assertEquals(Set.of("staging.stg_customers VIEW", "staging.stg_orders VIEW", "staging.stg_products VIEW",
          "notes.recent VIEW"), tables(md.getTables(null, null, null, new String[] {"VIEW"})));
      assertEquals(Set.of(), tables(md.getTables(null, "marts", null, new String[] {"VIEW"})));
      assertEquals(Set.of(), tables(md.getTables(null, "venv__marts", null, null)));
      assertEquals(Set.of(), tables(md.getTables(null, "marts__qa", null, null)));
      assertEquals(Set.of("notes.note TABLE"), tables(md.getTables(null, "notes", null, new String[] {"BASE TABLE"})));
      List<String> types = column(md.getTableTypes(), "TABLE_TYPE");
      assertTrue(types.contains("TABLE") && types.contains("VIEW") && !types.contains("BASE TABLE"), types::toString);
    }
  }

  @Test
  void prodListsTheSameModelsFromItsOwnSchemas() throws Exception {
    try (Connection c = shop.connect("prod")) {
      Set<String> tables = tables(c.getMetaData().getTables(null, null, null, null));
      Set<String> models = new TreeSet<>(tables);
      models.removeIf(t -> !t.matches("(marts|raw|staging)\\..*"));
      assertEquals(new TreeSet<>(SHOP), models);
      assertTrue(tables.stream().noneMatch(t -> t.contains("__")), tables::toString);
    }
  }

  @Test
  void columnsOfAModelAreListedUnderItsLogicalName() throws Exception {
    try (Connection c = shop.connect("dev")) {
      ResultSet rs = c.getMetaData().getColumns(null, "marts", "customer_orders", null);
      List<String> columns = new ArrayList<>();
      while (rs.next()) {
        assertEquals("marts", rs.getString("TABLE_SCHEM"));
        assertEquals("marts", rs.getString(2));
        assertFalse(rs.wasNull());
        assertEquals("customer_orders", rs.getString("TABLE_NAME"));
        assertEquals("customer_orders", rs.getObject(3));
        columns.add(rs.getString("COLUMN_NAME"));
        if (rs.getString("COLUMN_NAME").equals("order_count")) {
          assertEquals(Types.BIGINT, rs.getInt("DATA_TYPE"), "backend types are kept");
        }
      }
      rs.close();
      assertEquals(List.of("customer_id", "customer_name", "country_code", "signup_date", "order_count",
          "completed_orders", "returned_orders", "revenue", "first_order_date", "last_order_date"), columns);
      assertEquals(shop.backendRows("SELECT column_name FROM information_schema.columns WHERE table_schema = 'marts__dev'"
          + " AND table_name = 'customer_orders' ORDER BY ordinal_position"), columns);
      ResultSet all = c.getMetaData().getColumns(null, "%", "%", "order_count");
      List<String> tables = new ArrayList<>();
      while (all.next()) {
        tables.add(all.getString("TABLE_SCHEM") + "." + all.getString("TABLE_NAME"));
      }
      assertEquals(List.of("marts.customer_orders", "marts.product_sales"), tables.stream().sorted().toList(),
          "once each: prod's and qa's views and the physical tables are not listed");
    }
  }

  @Test
  void keysOfTheUsersTablesForwardWithTheSchemaMapped() throws Exception {
    try (Connection c = shop.connect("dev")) {
      ResultSet keys = c.getMetaData().getPrimaryKeys(null, "notes", "note");
      assertTrue(keys.next());
      assertEquals("notes", keys.getString("TABLE_SCHEM"));
      assertEquals("note", keys.getString("TABLE_NAME"));
      assertEquals("id", keys.getString("COLUMN_NAME"));
      assertFalse(keys.next());
      ResultSet none = c.getMetaData().getPrimaryKeys(null, "marts", "customer_orders");
      assertFalse(none.next());
    }
  }

  static List<String> column(ResultSet rs, String label) throws SQLException {
    try (rs) {
      List<String> values = new ArrayList<>();
      while (rs.next()) {
        values.add(rs.getString(label));
      }
      return values;
    }
  }

  /** {@code schema.table TYPE} of every row, failing on a duplicate. */
  static Set<String> tables(ResultSet rs) throws SQLException {
    try (rs) {
      Set<String> tables = new TreeSet<>();
      while (rs.next()) {
        String table = rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME") + " " + rs.getString("TABLE_TYPE");
        assertTrue(tables.add(table), "listed twice: " + table);
      }
      return tables;
    }
  }
}
