package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.testing.ModelRepositories;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Writes to models through {@code jdbc:venv:dev:} — on the model name, an environment's view, or
 * a physical object, in every spelling and entry point — are refused with SQLState 42501 naming
 * the model and the environment, and nothing runs. The user's own tables take writes. SQL inside
 * strings that names a model is refused with 42000.
 *
 * <p>Every case compares the warehouse before and after through a raw DuckDB connection. A case
 * that changed it (a bug) gets the next case a fresh warehouse, so one failure stays one failure.
 */
class RefusedWritesTest {
  private static final Pattern DEV = Pattern.compile("\\bdev\\b");
  private static final String CUSTOMER_ORDERS = "marts.customer_orders";

  @TempDir static Path dir;
  private static Warehouse warehouse;
  private static int warehouses;

  /** How a case sends its SQL. */
  enum Via { EXECUTE, EXECUTE_UPDATE, EXECUTE_LARGE_UPDATE, EXECUTE_QUERY, ADD_BATCH, PREPARE_STATEMENT, PREPARE_CALL }

  /**
   * One refused write. {@code sql} may hold {@code {devPhys}} (dev's physical table of
   * marts.customer_orders, {@code schema.table}), {@code {devTable}} (its table part),
   * {@code {devPhysUpperQuoted}}, {@code {prodPhys}}, {@code {stgPhys}} (staging.stg_orders'
   * physical view), {@code {seedPhys}} (raw.customers' physical table), {@code {csv}} (a CSV file
   * with one valid row of dev's physical table). {@code setup} runs first: {@code setSchema:s} or
   * a SQL statement on the same Statement. {@code names} is what the message must name.
   */
  record Case(String name, Via via, String sql, String setup, String names) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> writes() {
    List<Case> cases = new ArrayList<>();
    // INSERT
    add(cases, "insert_select", Via.EXECUTE, "INSERT INTO marts.customer_orders SELECT * FROM marts.customer_orders");
    add(cases, "insert_or_replace_upper_case", Via.EXECUTE_UPDATE,
        "insert or replace into MARTS.CUSTOMER_ORDERS select * from marts.customer_orders");
    add(cases, "insert_values_catalog_qualified", Via.EXECUTE_UPDATE,
        "INSERT INTO w.marts.customer_orders (customer_id) VALUES (99)");
    add(cases, "insert_by_name_env_view", Via.EXECUTE, "INSERT INTO marts__dev.customer_orders BY NAME SELECT 99 AS customer_id");
    add(cases, "insert_physical", Via.EXECUTE_UPDATE, "INSERT INTO {devPhys} SELECT * FROM {devPhys}");
    // UPDATE
    add(cases, "update_env_view", Via.EXECUTE_UPDATE, "UPDATE marts__dev.customer_orders SET order_count = 0");
    add(cases, "update_model_name_is_prods_view_name", Via.EXECUTE, "UPDATE marts.customer_orders SET order_count = 0");
    add(cases, "update_physical_with_alias", Via.EXECUTE,
        "UPDATE {devPhys} AS co SET order_count = 0 WHERE co.customer_id = 1");
    add(cases, "update_prods_physical_from_dev", Via.EXECUTE_LARGE_UPDATE,
        "UPDATE {prodPhys} SET order_count = order_count + 1");
    // DELETE
    add(cases, "delete_model", Via.EXECUTE_UPDATE, "DELETE FROM marts.customer_orders");
    add(cases, "delete_physical_quoted_upper_case", Via.EXECUTE, "DELETE FROM {devPhysUpperQuoted}");
    add(cases, "delete_quoted_mixed_case", Via.EXECUTE, "DELETE FROM \"Marts\".\"Customer_Orders\" WHERE customer_id = 1");
    add(cases, "delete_after_comments", Via.EXECUTE,
        "/* cleanup */ -- of marts.customer_orders\n  delete\nfrom marts . customer_orders");
    add(cases, "delete_returning_via_executeQuery", Via.EXECUTE_QUERY, "DELETE FROM marts.customer_orders RETURNING customer_id");
    // MERGE (DuckDB 1.4 runs MERGE INTO: on a physical table it would change rows)
    add(cases, "merge_into_model", Via.EXECUTE,
        "MERGE INTO marts.customer_orders AS t USING (SELECT 1 AS customer_id) AS s"
            + " ON t.customer_id = s.customer_id WHEN MATCHED THEN DELETE");
    add(cases, "merge_into_physical", Via.EXECUTE,
        "MERGE INTO {devPhys} AS t USING (SELECT 1 AS customer_id) AS s"
            + " ON t.customer_id = s.customer_id WHEN MATCHED THEN UPDATE SET order_count = 0");
    // TRUNCATE
    add(cases, "truncate_model", Via.EXECUTE, "TRUNCATE marts.customer_orders");
    add(cases, "truncate_table_quoted_physical", Via.EXECUTE, "TRUNCATE TABLE \"venv__marts\".\"{devTable}\"");
    // DROP
    add(cases, "drop_table_model", Via.EXECUTE, "DROP TABLE marts.customer_orders");
    add(cases, "drop_view_env_view", Via.EXECUTE, "DROP VIEW marts__dev.customer_orders");
    add(cases, "drop_view_in_a_list", Via.EXECUTE, "DROP VIEW IF EXISTS main.no_such_view, marts.customer_orders CASCADE");
    add(cases, "drop_table_physical", Via.EXECUTE, "DROP TABLE {devPhys}");
    cases.add(new Case("drop_view_physical_of_a_view_model", Via.EXECUTE, "DROP VIEW {stgPhys}", null, "staging.stg_orders"));
    cases.add(new Case("drop_seed_model", Via.EXECUTE, "DROP TABLE raw.customers", null, "raw.customers"));
    cases.add(new Case("delete_seed_physical", Via.EXECUTE, "DELETE FROM {seedPhys}", null, "raw.customers"));
    cases.add(new Case("drop_schema_marts", Via.EXECUTE, "DROP SCHEMA marts CASCADE", null, "marts"));
    cases.add(new Case("drop_schema_env_view_schema", Via.EXECUTE, "DROP SCHEMA IF EXISTS marts__dev CASCADE", null, "marts"));
    cases.add(new Case("drop_schema_physical", Via.EXECUTE, "DROP SCHEMA venv__marts CASCADE", null, "marts"));
    // ALTER
    add(cases, "alter_table_add_column", Via.EXECUTE, "ALTER TABLE marts.customer_orders ADD COLUMN note VARCHAR");
    add(cases, "alter_table_add_column_physical", Via.EXECUTE, "ALTER TABLE {devPhys} ADD COLUMN note VARCHAR");
    add(cases, "alter_view_rename_env_view", Via.EXECUTE, "ALTER VIEW marts__dev.customer_orders RENAME TO customer_orders_old");
    add(cases, "alter_table_rename_column", Via.EXECUTE,
        "ALTER TABLE IF EXISTS marts.customer_orders RENAME COLUMN order_count TO n");
    add(cases, "alter_table_rename_physical", Via.EXECUTE, "ALTER TABLE {devPhys} RENAME TO stolen");
    // CREATE OR REPLACE, CREATE INDEX
    add(cases, "create_or_replace_table", Via.EXECUTE, "CREATE OR REPLACE TABLE marts.customer_orders AS SELECT 1 AS x");
    add(cases, "create_or_replace_view", Via.EXECUTE,
        "CREATE OR REPLACE VIEW marts.customer_orders AS SELECT * FROM marts.customer_orders");
    add(cases, "create_or_replace_env_view_upper_case", Via.EXECUTE,
        "create or replace view MARTS__DEV.CUSTOMER_ORDERS as select 1 as x");
    add(cases, "create_or_replace_physical", Via.EXECUTE, "CREATE OR REPLACE TABLE {devPhys} AS SELECT 1 AS x");
    add(cases, "create_index_on_physical", Via.EXECUTE, "CREATE INDEX co_idx ON {devPhys} (customer_id)");
    // COPY ... FROM
    add(cases, "copy_from_missing_file", Via.EXECUTE, "COPY marts.customer_orders FROM 'x.csv'");
    add(cases, "copy_from_file_into_physical", Via.EXECUTE, "COPY {devPhys} FROM '{csv}' (HEADER)");
    // COMMENT ON
    add(cases, "comment_on_table", Via.EXECUTE, "COMMENT ON TABLE marts.customer_orders IS 'changed'");
    add(cases, "comment_on_column", Via.EXECUTE, "COMMENT ON COLUMN marts.customer_orders.order_count IS 'changed'");
    add(cases, "comment_on_physical_table", Via.EXECUTE, "COMMENT ON TABLE {devPhys} IS 'changed'");
    add(cases, "comment_on_physical_column", Via.EXECUTE, "COMMENT ON COLUMN {devPhys}.order_count IS 'changed'");
    // WITH, later statements, EXPLAIN ANALYZE, PREPARE
    add(cases, "dml_inside_with", Via.EXECUTE_QUERY,
        "WITH gone AS (DELETE FROM marts.customer_orders RETURNING *) SELECT count(*) FROM gone");
    add(cases, "with_then_delete", Via.EXECUTE,
        "WITH ids AS (SELECT 1 AS id) DELETE FROM marts.customer_orders WHERE customer_id IN (SELECT id FROM ids)");
    add(cases, "later_statement", Via.EXECUTE, "SELECT 1; DELETE FROM marts.customer_orders");
    add(cases, "later_statement_after_a_user_write", Via.EXECUTE,
        "INSERT INTO main.audit VALUES (1, 'first'); UPDATE marts.customer_orders SET order_count = 0");
    add(cases, "later_statement_after_a_string_with_semicolon", Via.EXECUTE, "SELECT ';' AS s; TRUNCATE marts.customer_orders");
    add(cases, "explain_analyze_delete", Via.EXECUTE, "EXPLAIN ANALYZE DELETE FROM marts.customer_orders");
    add(cases, "prepare_as_delete", Via.EXECUTE, "PREPARE wipe AS DELETE FROM marts.customer_orders");
    // Entry points
    add(cases, "add_batch", Via.ADD_BATCH, "DELETE FROM marts.customer_orders");
    add(cases, "add_batch_physical", Via.ADD_BATCH, "INSERT INTO {devPhys} SELECT * FROM {devPhys}");
    add(cases, "prepare_statement", Via.PREPARE_STATEMENT, "DELETE FROM marts.customer_orders WHERE customer_id = ?");
    add(cases, "prepare_statement_physical", Via.PREPARE_STATEMENT, "UPDATE {devPhys} SET order_count = ? WHERE customer_id = ?");
    add(cases, "prepare_call", Via.PREPARE_CALL, "DELETE FROM marts.customer_orders");
    // Unqualified names through the session schema
    cases.add(new Case("set_schema_then_delete", Via.EXECUTE, "DELETE FROM customer_orders", "setSchema:marts", CUSTOMER_ORDERS));
    cases.add(new Case("set_schema_then_drop_view", Via.EXECUTE, "DROP VIEW customer_orders", "setSchema:marts", CUSTOMER_ORDERS));
    cases.add(new Case("use_then_delete", Via.EXECUTE_UPDATE, "DELETE FROM customer_orders", "USE marts", CUSTOMER_ORDERS));
    cases.add(new Case("use_catalog_schema_then_truncate", Via.EXECUTE, "TRUNCATE customer_orders", "USE w.marts", CUSTOMER_ORDERS));
    cases.add(new Case("set_search_path_then_drop_view", Via.EXECUTE, "DROP VIEW customer_orders",
        "SET search_path = 'marts'", CUSTOMER_ORDERS));
    cases.add(new Case("use_env_view_schema_then_drop_view", Via.EXECUTE, "DROP VIEW customer_orders", "USE marts__dev",
        CUSTOMER_ORDERS));
    // (a session on venv__marts is itself refused; see EnvironmentRouteTest)
    add(cases, "use_physical_schema_and_drop_table_in_one_text", Via.EXECUTE, "USE venv__marts; DROP TABLE {devTable}");
    // The session schema changed earlier in the same text, or a search path with several schemas
    add(cases, "use_and_drop_view_in_one_text", Via.EXECUTE, "USE marts; DROP VIEW customer_orders");
    add(cases, "set_schema_and_drop_physical_in_one_text", Via.EXECUTE,
        "SET schema = 'venv__marts'; DROP TABLE {devTable}");
    cases.add(new Case("search_path_list_then_drop_view", Via.EXECUTE, "DROP VIEW customer_orders",
        "SET search_path = 'main,marts'", CUSTOMER_ORDERS));
    return cases.stream().map(c -> Arguments.of(c.name(), c));
  }

  private static void add(List<Case> cases, String name, Via via, String sql) {
    cases.add(new Case(name, via, sql, null, CUSTOMER_ORDERS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("writes")
  void aWriteToAModelIsRefusedAndNothingRuns(String name, Case c) throws Exception {
    Warehouse w = warehouse();
    String sql = w.resolve(c.sql());
    Map<String, String> before = w.state();
    try (Connection venv = DriverManager.getConnection(w.devUrl); Statement s = venv.createStatement()) {
      if (c.setup() != null && c.setup().startsWith("setSchema:")) {
        venv.setSchema(c.setup().substring("setSchema:".length()));
      } else if (c.setup() != null) {
        s.execute(c.setup());
      }
      SQLException refused = null;
      try {
        send(c.via(), venv, s, sql);
      } catch (SQLException e) {
        refused = e;
      }
      Map<String, String> after = w.state();
      if (!before.equals(after)) {
        warehouse = null; // the next case gets a fresh one
      }
      SQLException e = refused;
      String message = e == null ? "(not refused)" : String.valueOf(e.getMessage());
      assertAll(sql,
          () -> assertNotNull(e, "not refused"),
          () -> assertEquals("42501", e == null ? null : e.getSQLState(), "SQLState of: " + message),
          () -> assertTrue(message.toLowerCase(Locale.ROOT).contains(c.names()), "names " + c.names() + ": " + message),
          () -> assertTrue(DEV.matcher(message).find(), "names the environment dev: " + message),
          () -> assertEquals(before, after, "the warehouse changed"),
          () -> {
            try (ResultSet rs = s.executeQuery("SELECT count(*), max(order_count) FROM marts.customer_orders")) {
              assertTrue(rs.next());
              assertEquals(12, rs.getInt(1));
              assertEquals(104, rs.getInt(2), "dev's rows");
            }
          });
    }
  }

  private static void send(Via via, Connection c, Statement s, String sql) throws SQLException {
    switch (via) {
      case EXECUTE -> s.execute(sql);
      case EXECUTE_UPDATE -> s.executeUpdate(sql);
      case EXECUTE_LARGE_UPDATE -> s.executeLargeUpdate(sql);
      case EXECUTE_QUERY -> s.executeQuery(sql).close();
      case ADD_BATCH -> {
        try {
          s.addBatch(sql);
          s.executeBatch();
        } finally {
          s.clearBatch();
        }
      }
      case PREPARE_STATEMENT -> {
        try (PreparedStatement p = c.prepareStatement(sql)) {
          p.setInt(1, 0);
          if (p.getParameterMetaData().getParameterCount() > 1) {
            p.setInt(2, 1);
          }
          p.execute();
        }
      }
      case PREPARE_CALL -> {
        try (CallableStatement p = c.prepareCall(sql)) {
          p.execute();
        }
      }
      default -> throw new AssertionError(via);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The user's own tables

  @Test
  void theUsersOwnTablesTakeWrites() throws Exception {
    Warehouse w = warehouse();
    Map<String, String> models = w.modelRows();
    try {
      try (Connection venv = DriverManager.getConnection(w.devUrl); Statement s = venv.createStatement()) {
        s.execute("CREATE TABLE main.notes (id INTEGER, body VARCHAR)");
        assertEquals(2, s.executeUpdate("INSERT INTO main.notes VALUES (1, 'about marts.customer_orders'), (2, 'b')"));
        try (PreparedStatement p = venv.prepareStatement("INSERT INTO main.notes SELECT ?, customer_name FROM marts.customer_orders WHERE customer_id = ?")) {
          p.setInt(1, 3);
          p.setInt(2, 1);
          assertEquals(1, p.executeUpdate());
        }
        assertEquals(1, s.executeUpdate("UPDATE main.notes SET body = 'c' WHERE id = 2"));
        assertEquals(1, s.executeUpdate("DELETE FROM main.notes WHERE id = 1"));
        s.addBatch("INSERT INTO main.notes VALUES (4, 'batched')");
        s.addBatch("UPDATE main.notes SET body = upper(body) WHERE id = 4");
        assertEquals(2, s.executeBatch().length);
        s.execute("ALTER TABLE main.notes ADD COLUMN extra INTEGER");
        s.execute("COMMENT ON TABLE main.notes IS 'mine'");
        assertEquals(List.of("2|c|null", "3|Alice Martin|null", "4|BATCHED|null"),
            w.rows("SELECT * FROM main.notes ORDER BY id"));
        assertEquals("mine", w.value("SELECT comment FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'notes'"));
        s.execute("DROP TABLE main.notes");
        assertEquals("0", w.value("SELECT count(*) FROM information_schema.tables WHERE table_name = 'notes'"));
      }
      assertEquals(models, w.modelRows());
    } finally {
      w.cleanUp();
    }
  }

  @Test
  void aUserTableNamedLikeAModelTableInAnotherSchemaTakesWrites() throws Exception {
    Warehouse w = warehouse();
    Map<String, String> models = w.modelRows();
    try {
      try (Connection venv = DriverManager.getConnection(w.devUrl); Statement s = venv.createStatement()) {
        s.execute("CREATE TABLE main.customer_orders (customer_id INTEGER PRIMARY KEY, order_count BIGINT)");
        assertEquals(12, s.executeUpdate("INSERT INTO main.customer_orders SELECT customer_id, order_count FROM marts.customer_orders"));
        assertEquals("104", w.value("SELECT max(order_count) FROM main.customer_orders"), "created from dev's rows");
        assertEquals(1, s.executeUpdate("INSERT INTO main.customer_orders VALUES (99, 1)"));
        assertEquals(1, s.executeUpdate("UPDATE customer_orders SET order_count = 7 WHERE customer_id = 99"), "bare name, schema main");
        assertEquals(1, s.executeUpdate("INSERT OR REPLACE INTO \"main\".\"customer_orders\" VALUES (98, 2)"));
        assertEquals(List.of("98|2", "99|7"), w.rows("SELECT * FROM main.customer_orders WHERE customer_id > 90 ORDER BY 1"));
        assertEquals(1, s.executeUpdate("DELETE FROM main.customer_orders WHERE customer_id = 99"));
        s.execute("ALTER TABLE main.customer_orders ADD COLUMN note VARCHAR");
        s.execute("COMMENT ON TABLE main.customer_orders IS 'a user table'");
        s.execute("TRUNCATE main.customer_orders");
        assertEquals("0", w.value("SELECT count(*) FROM main.customer_orders"));
        s.execute("CREATE OR REPLACE TABLE main.customer_orders AS SELECT 1 AS x");
        s.execute("DROP TABLE main.customer_orders");
        assertEquals("0", w.value("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main'"
            + " AND table_name = 'customer_orders'"));
        try (ResultSet rs = s.executeQuery("SELECT max(order_count) FROM marts.customer_orders")) {
          assertTrue(rs.next());
          assertEquals(104, rs.getInt(1));
        }
      }
      assertEquals(models, w.modelRows());
    } finally {
      w.cleanUp();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // SQL inside strings

  @Test
  void sqlInAStringThatNamesAModelIsRefusedWith42000() throws Exception {
    Warehouse w = warehouse();
    try (Connection venv = DriverManager.getConnection(w.devUrl); Statement s = venv.createStatement()) {
      for (String sql : List.of(
          "SELECT * FROM query('SELECT * FROM marts.customer_orders')",
          "SELECT count(*) FROM query('SELECT order_count FROM \"MARTS\".\"CUSTOMER_ORDERS\"')",
          "SELECT * FROM query_table('marts.customer_orders')",
          "SELECT * FROM query_table(['marts.customer_orders', 'marts.customer_lifetime'])",
          "SELECT 1; SELECT * FROM query('SELECT 1 FROM staging.stg_orders')")) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
        assertEquals("42000", e.getSQLState(), sql + ": " + e.getMessage());
        assertTrue(DEV.matcher(e.getMessage()).find(), e.getMessage());
        try (ResultSet rs = s.executeQuery("SELECT max(order_count) FROM marts.customer_orders")) {
          assertTrue(rs.next());
          assertEquals(104, rs.getInt(1), "the statement still works after " + sql);
        }
      }
    }
  }

  @Test
  void aStringThatMerelyContainsAModelNameIsFine() throws Exception {
    Warehouse w = warehouse();
    try {
      try (Connection venv = DriverManager.getConnection(w.devUrl); Statement s = venv.createStatement()) {
        try (ResultSet rs = s.executeQuery("SELECT 'marts.customer_orders' AS label, 'DELETE FROM marts.customer_orders' AS sql,"
            + " max(order_count) FROM marts.customer_orders WHERE customer_name <> 'marts.customer_orders'")) {
          assertTrue(rs.next());
          assertEquals("marts.customer_orders", rs.getString(1));
          assertEquals("DELETE FROM marts.customer_orders", rs.getString(2));
          assertEquals(104, rs.getInt(3));
        }
        try (ResultSet rs = s.executeQuery("SELECT * FROM query('SELECT 42 AS answer')")) {
          assertTrue(rs.next());
          assertEquals(42, rs.getInt(1));
        }
        assertEquals(1, s.executeUpdate("INSERT INTO main.audit VALUES (7, 'DROP TABLE marts.customer_orders')"));
        assertEquals("DROP TABLE marts.customer_orders", w.value("SELECT note FROM main.audit WHERE id = 7"));
        s.executeUpdate("DELETE FROM main.audit WHERE id = 7");
      }
    } finally {
      w.cleanUp();
    }
  }

  /**
   * DuckDB's {@code pragma_table_info('schema.table')} resolves a name inside a string: on dev it
   * must describe dev's model (which has a column prod's lacks), or be refused with 42000, never
   * describe prod's.
   */
  @Test
  void aTableNameInAStringNeverDescribesAnotherEnvironment() throws Exception {
    Warehouse w = warehouse();
    try (Connection venv = DriverManager.getConnection(w.devUrl); Statement s = venv.createStatement()) {
      for (String sql : List.of(
          "SELECT name FROM pragma_table_info('marts.customer_orders') ORDER BY cid",
          "PRAGMA table_info('marts.customer_orders')")) {
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
          while (rs.next()) {
            columns.add(rs.getString("name"));
          }
        } catch (SQLException e) {
          assertEquals("42000", e.getSQLState(), sql + ": " + e.getMessage());
          continue;
        }
        assertTrue(columns.contains("dev_only"), sql + " described prod's model: " + columns);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The warehouse

  private static Warehouse warehouse() throws Exception {
    if (warehouse == null) {
      warehouse = new Warehouse(dir.resolve("w" + warehouses++));
      OPEN.add(warehouse);
    }
    return warehouse;
  }

  private static final List<Warehouse> OPEN = new ArrayList<>();

  @AfterAll
  static void closeWarehouses() throws SQLException {
    for (Warehouse w : OPEN) {
      w.close();
    }
  }

  /**
   * prod from examples/shop; dev with marts.customer_orders changed (order_count + 100 and a
   * column {@code dev_only}); a user table main.audit; a venv and a raw connection held open.
   */
  static final class Warehouse {
    final Path file;
    final String devUrl;
    final Connection keep;
    final Connection raw;
    final String devPhys;
    final String prodPhys;
    final String stgPhys;
    final String seedPhys;
    final Path csv;

    Warehouse(Path home) throws Exception {
      Path prodModels = ModelRepositories.copyShop(home.resolve("prod"));
      Path devModels = ModelRepositories.copyShop(home.resolve("dev"));
      ModelRepositories.edit(devModels.resolve("marts/customer_orders.sql"), "COUNT(v.order_id)  ", "COUNT(v.order_id) + 100");
      ModelRepositories.edit(devModels.resolve("marts/customer_orders.sql"), "  c.country_code,\n",
          "  c.country_code,\n  'dev' AS dev_only,\n");
      file = home.resolve("w.db");
      DriverManager.getConnection("jdbc:venv:prod:duckdb:" + file + "?models=" + prodModels).close();
      devUrl = "jdbc:venv:dev:duckdb:" + file + "?models=" + devModels;
      keep = DriverManager.getConnection(devUrl);
      raw = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:" + file, new Properties());
      String devView = value("SELECT sql FROM duckdb_views() WHERE schema_name = 'marts__dev' AND view_name = 'customer_orders'");
      String dev = null;
      String prod = null;
      for (String physical : rows("SELECT physical_schema || '.' || physical_table FROM venv_state.physical_objects"
          + " WHERE model = 'marts.customer_orders'")) {
        if (devView.contains(physical.substring(physical.indexOf('.') + 1))) {
          dev = physical;
        } else {
          prod = physical;
        }
      }
      assertNotNull(dev, "dev's physical table of marts.customer_orders");
      assertNotNull(prod, "prod's physical table of marts.customer_orders");
      devPhys = dev;
      prodPhys = prod;
      stgPhys = value("SELECT physical_schema || '.' || physical_table FROM venv_state.physical_objects"
          + " WHERE model = 'staging.stg_orders'");
      seedPhys = value("SELECT physical_schema || '.' || physical_table FROM venv_state.physical_objects"
          + " WHERE model = 'raw.customers'");
      assertTrue(devPhys.startsWith("venv__marts.marts__customer_orders__"), devPhys);
      csv = home.resolve("rows.csv");
      try (Statement s = raw.createStatement()) {
        s.execute("COPY (SELECT * FROM " + devPhys + " WHERE customer_id = 1) TO '" + csv + "' (HEADER)");
        s.execute("CREATE TABLE main.audit (id INTEGER, note VARCHAR)");
      }
      assertFalse(rows("SELECT * FROM " + devPhys).isEmpty());
    }

    String resolve(String sql) {
      String devTable = devPhys.substring(devPhys.indexOf('.') + 1);
      return sql.replace("{devPhysUpperQuoted}", "\"VENV__MARTS\".\"" + devTable.toUpperCase(Locale.ROOT) + "\"")
          .replace("{devPhys}", devPhys)
          .replace("{devTable}", devTable)
          .replace("{prodPhys}", prodPhys)
          .replace("{stgPhys}", stgPhys)
          .replace("{seedPhys}", seedPhys)
          .replace("{csv}", csv.toString());
    }

    /** What a write could change: objects, columns, comments, view bodies, indexes, rows. */
    Map<String, String> state() {
      Map<String, String> state = new LinkedHashMap<>();
      state.put("tables", value("SELECT count(*) || ' ' || string_agg(table_schema || '.' || table_name || ':' || table_type, ','"
          + " ORDER BY table_schema, table_name) FROM information_schema.tables"));
      state.put("columns", value("SELECT count(*) || ' ' || md5(string_agg(table_schema || '.' || table_name || '.' || column_name"
          + " || ':' || data_type, ',' ORDER BY table_schema, table_name, ordinal_position)) FROM information_schema.columns"));
      state.put("comments", value("SELECT coalesce(string_agg(c, ',' ORDER BY c), '') FROM ("
          + " SELECT schema_name || '.' || table_name || '=' || comment AS c FROM duckdb_tables() WHERE comment IS NOT NULL"
          + " UNION ALL SELECT schema_name || '.' || view_name || '=' || comment FROM duckdb_views() WHERE comment IS NOT NULL"
          + " UNION ALL SELECT schema_name || '.' || table_name || '.' || column_name || '=' || comment"
          + " FROM duckdb_columns() WHERE comment IS NOT NULL)"));
      state.put("views", value("SELECT md5(string_agg(schema_name || '.' || view_name || '=' || sql, ','"
          + " ORDER BY schema_name, view_name)) FROM duckdb_views() WHERE NOT internal"));
      state.put("indexes", value("SELECT count(*) FROM duckdb_indexes()"));
      state.putAll(modelRows());
      state.put("main.audit", value("SELECT count(*) FROM main.audit"));
      return state;
    }

    /** Rows of the changed model through dev's view, prod's view and both physical tables, and other physical objects. */
    Map<String, String> modelRows() {
      Map<String, String> rows = new LinkedHashMap<>();
      for (String table : List.of("marts__dev.customer_orders", "marts.customer_orders", devPhys, prodPhys, stgPhys, seedPhys)) {
        rows.put(table, value("SELECT count(*) || ' ' || md5(string_agg(t::VARCHAR, ',' ORDER BY t::VARCHAR)) FROM " + table + " AS t"));
      }
      return rows;
    }

    /** The first column of the first row, or the error's message. */
    String value(String sql) {
      try {
        List<String> rows = rows(sql);
        return rows.isEmpty() ? null : rows.get(0).split("\\|", -1)[0];
      } catch (SQLException e) {
        return "error: " + e.getMessage();
      }
    }

    List<String> rows(String sql) throws SQLException {
      return dev.venv.testing.Rows.of(raw, sql);
    }

    /** Drops what the user-table tests make, should one of them stop half-way. */
    void cleanUp() throws SQLException {
      try (Statement s = raw.createStatement()) {
        s.execute("DROP TABLE IF EXISTS main.notes");
        s.execute("DROP TABLE IF EXISTS main.customer_orders");
        s.execute("DELETE FROM main.audit");
      }
    }

    void close() throws SQLException {
      raw.close();
      keep.close();
    }
  }
}
