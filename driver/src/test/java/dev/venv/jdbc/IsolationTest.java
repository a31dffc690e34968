package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.testing.IsolationWarehouse;
import dev.venv.testing.ModelRepositories;
import dev.venv.testing.Warehouse.Backend;
import dev.venv.testing.Rows;
import dev.venv.testing.TestClock;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 7's holes, one test each, on DuckDB and PostgreSQL: a connection reads exactly its
 * environment's snapshots however it spells a name, and nothing it does changes another
 * environment's data. Every refused statement is checked against a digest of everything venv
 * keeps, taken through a raw backend connection before and after.
 *
 * <p>Tests that only read, are refused, or write the user's own scratch schema share one
 * warehouse per backend; tests that promote, update or reopen get a fresh one.
 */
class IsolationTest {
  @TempDir static Path sharedDir;
  private static final Map<Backend, IsolationWarehouse> SHARED = new java.util.EnumMap<>(Backend.class);
  @TempDir Path dir;
  private IsolationWarehouse fresh;
  private IsolationWarehouse w;

  @AfterEach
  void closeFresh() throws SQLException {
    if (fresh != null) {
      fresh.close();
    }
  }

  @org.junit.jupiter.api.AfterAll
  static void closeShared() throws SQLException {
    for (IsolationWarehouse shared : SHARED.values()) {
      shared.close();
    }
    SHARED.clear();
  }

  /** The warehouse shared by the tests that change nothing of venv's. */
  private IsolationWarehouse warehouse(Backend backend) throws SQLException {
    w = SHARED.get(backend);
    if (w == null) {
      w = IsolationWarehouse.create(backend, sharedDir.resolve(backend.name()));
      SHARED.put(backend, w);
    }
    return w;
  }

  /** A warehouse of this test's own, for tests that promote, update or reopen. */
  private IsolationWarehouse freshWarehouse(Backend backend) throws SQLException {
    fresh = IsolationWarehouse.create(backend, dir);
    w = fresh;
    return w;
  }

  /** Runs {@code sql} on {@code s}, expecting a refusal with {@code state} and nothing changed. */
  private SQLException refused(Statement s, String sql, String state) throws SQLException {
    TreeMap<String, List<String>> before = w.venvDigest();
    SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
    assertEquals(state, e.getSQLState(), sql + ": " + e.getMessage());
    assertEquals(before, w.venvDigest(), sql + " changed venv's objects");
    return e;
  }

  private static String value(Connection c, String sql) throws SQLException {
    List<String> rows = Rows.of(c, sql);
    assertEquals(1, rows.size(), sql + " -> " + rows);
    return rows.get(0);
  }

  // With standard_conforming_strings off, PostgreSQL reads 'a\'' as a string and then code, where
  // routing read one string: a prod connection read qa's rows and emptied its table (found in review).
  @ParameterizedTest
  @EnumSource(Backend.class)
  void stringsEndWhereRoutingSeesThemEndHoweverTheSessionIsSet(Backend backend) throws Exception {
    warehouse(backend);
    String hidden = "SELECT 'a\\'' AS s, 1 AS x --'";
    try (Connection dev = w.connect("dev"); Statement s = dev.createStatement()) {
      // one string, as venv reads it (off, PostgreSQL reads a', then code: a'|1)
      assertEquals("a\\' AS s, 1 AS x --", value(dev, hidden));
      if (!w.isPostgres()) {
        return; // DuckDB's strings have no backslash escapes, whatever is set
      }
      refused(s, "SET standard_conforming_strings = off", "42501");
      refused(s, "SET SESSION standard_conforming_strings TO 'off'", "42501");
      refused(s, "SELECT set_config('standard_conforming_strings', 'off', false)", "42501");
      // Turned off where no text names it: the next text is refused, and the setting is on again.
      s.execute("DO $$ BEGIN PERFORM set_config('standard_' || 'conforming_strings', 'off', false); END $$");
      SQLException after = refused(s, hidden, "42000");
      assertTrue(after.getMessage().contains("standard_conforming_strings"), after.getMessage());
      assertEquals("on", value(dev, "SHOW standard_conforming_strings"));
      // In one text, a statement after one that may turn it off is read after that one ran.
      refused(s, "SELECT 1; SELECT 'a\\'' AS s --'", "42000");
      try (java.sql.PreparedStatement ps = dev.prepareStatement(hidden)) {
        s.execute("DO $$ BEGIN PERFORM set_config('standard_' || 'conforming_strings', 'off', false); END $$");
        TreeMap<String, List<String>> before = w.venvDigest();
        SQLException prepared = assertThrows(SQLException.class, ps::executeQuery);
        assertEquals("42000", prepared.getSQLState(), prepared.getMessage());
        assertEquals(before, w.venvDigest());
      }
      s.addBatch("DO $$ BEGIN PERFORM set_config('standard_' || 'conforming_strings', 'off', false); END $$");
      SQLException batched = assertThrows(SQLException.class, () -> s.addBatch(hidden));
      assertEquals("42000", batched.getSQLState(), batched.getMessage());
      s.clearBatch();
    }
    // Off from the start (the URL's options, or the role's or database's setting): nothing runs.
    try (Connection off = w.connect("dev", "options=-c%20standard_conforming_strings%3Doff");
        Statement s = off.createStatement()) {
      refused(s, hidden, "42000");
      assertEquals("on", value(off, "SHOW standard_conforming_strings"));
    }
  }

  // Hole 1: a model this environment does not hold was read, written and dropped in prod.
  @ParameterizedTest
  @EnumSource(Backend.class)
  void aModelThisEnvironmentLacksIsRefusedNotReadThroughProd(Backend backend) throws Exception {
    warehouse(backend);
    try (Connection dev = w.connect("dev"); Statement s = dev.createStatement()) {
      SQLException read = refused(s, "SELECT total FROM analytics.slow_totals", "42P01");
      assertTrue(read.getMessage().contains("analytics.slow_totals") && read.getMessage().contains("dev"),
          read.getMessage());
      refused(s, "DELETE FROM analytics.slow_totals", "42501");
      refused(s, "DROP VIEW analytics.slow_totals", "42501");
      refused(s, "UPDATE sales__qa.orders SET tag = 'x'", "42501");
      refused(s, "SELECT tag FROM sales__qa.orders", "42P01");
      refused(s, "SELECT tag FROM qa_only.things", "42P01");
      refused(s, "SELECT * FROM venv_state.environments", "42P01");
      refused(s, "SELECT * FROM " + w.physical("prod", "sales.orders"), "42P01");
      DatabaseMetaData md = dev.getMetaData();
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = md.getTables(null, null, "%", null)) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME"));
        }
      }
      assertFalse(tables.contains("analytics.slow_totals"), tables.toString());
      assertFalse(tables.stream().anyMatch(t -> t.startsWith("qa_only.") || t.contains("__")), tables.toString());
      assertTrue(tables.contains("sales.orders") && tables.contains("analytics.order_count"), tables.toString());
      if (w.isPostgres()) { // DuckDB has neither
        try (ResultSet rs = md.getBestRowIdentifier(null, "venv_state", "environments",
            DatabaseMetaData.bestRowSession, true)) {
          assertFalse(rs.next(), "venv's own tables answer nothing");
        }
        try (ResultSet rs = md.getVersionColumns(null, "analytics", "slow_totals")) {
          assertFalse(rs.next(), "a model dev lacks answers nothing");
        }
      }
    }
    assertEquals(List.of("42"), w.rawRows("SELECT total FROM analytics.slow_totals"), "prod's model is intact");
  }

  // Hole 3: a batched session change was ignored when the batch's later writes were checked.
  @ParameterizedTest
  @EnumSource(Backend.class)
  void aBatchedSessionChangeHoldsForTheBatchsLaterTexts(Backend backend) throws Exception {
    warehouse(backend);
    try (Connection dev = w.connect("dev"); Statement s = dev.createStatement()) {
      s.addBatch(w.isPostgres() ? "SET search_path = sales" : "USE sales");
      TreeMap<String, List<String>> before = w.venvDigest();
      SQLException e = assertThrows(SQLException.class, () -> s.addBatch("DELETE FROM shared"));
      assertEquals("42501", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("sales.shared"), e.getMessage());
      s.executeBatch();
      assertEquals(before, w.venvDigest());
      assertEquals("sales", dev.getSchema());
      assertEquals("1|dev", value(dev, "SELECT id, tag FROM orders WHERE id = 1"));
    }
  }

  // Hole 4: the backend's own initial schema sent bare names to prod's views.
  @ParameterizedTest
  @EnumSource(value = Backend.class, names = "POSTGRES")
  void theBackendsInitialSchemaIsTheEnvironmentsToo(Backend backend) throws Exception {
    warehouse(backend);
    try (Connection dev = w.connect("dev", "currentSchema=sales"); Statement s = dev.createStatement()) {
      assertEquals("sales", dev.getSchema());
      assertEquals("dev", value(dev, "SELECT tag FROM orders WHERE id = 1"));
      assertEquals("sales__dev", value(dev.unwrap(org.postgresql.jdbc.PgConnection.class),
          "SELECT current_schema()"));
      refused(s, "DELETE FROM shared", "42501");
    }
    try (Connection dev = w.connect("dev", "currentSchema=sales__dev")) {
      assertEquals("sales", dev.getSchema(), "its own view schema is the model schema");
    }
    // another environment's view schema, or venv's own, is refused at the connect, as USE of it is,
    // rather than silently taken off the session's path
    for (String[] other : new String[][] {{"prod", "sales__dev"}, {"dev", "venv__sales"}, {"dev", "public,sales__qa"}}) {
      SQLException e = assertThrows(SQLException.class, () -> w.connect(other[0], "currentSchema=" + other[1]).close(),
          other[1]);
      assertEquals("08001", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().startsWith("venv: the URL starts the session on schema "), e.getMessage());
    }
  }

  // Hole 5: after a promotion, bare names read the promoted views while qualified ones did not.
  @ParameterizedTest
  @EnumSource(Backend.class)
  void oneConnectionReadsOneSnapshotSetHoweverANameIsSpelled(Backend backend) throws Exception {
    freshWarehouse(backend);
    try (Connection prod = w.connect("prod")) {
      prod.setSchema("sales");
      assertEquals("prod", value(prod, "SELECT tag FROM orders WHERE id = 1"));
      w.environments().promote("dev", "prod");
      assertEquals("prod", value(prod, "SELECT tag FROM orders WHERE id = 1"), "bare, after the promotion");
      assertEquals("prod", value(prod, "SELECT tag FROM sales.orders WHERE id = 1"), "qualified");
      assertEquals("prod", value(prod, "SELECT o.tag FROM orders AS o JOIN sales.shared ON true WHERE o.id = 1"));
      assertEquals("prod", value(prod, "SELECT tag FROM analytics.order_count"), "a view model reads the same set");
      try (Connection again = w.connect("prod")) {
        assertEquals("dev", value(again, "SELECT tag FROM sales.orders WHERE id = 1"), "a new connection moves on");
      }
    }
  }

  // Hole 6: environment names with __ made view schemas ambiguous.
  @ParameterizedTest
  @EnumSource(Backend.class)
  void anEnvironmentNameWithDoubleUnderscoreIsRefused(Backend backend) throws Exception {
    warehouse(backend);
    SQLException e = assertThrows(SQLException.class, () -> w.connect("a__b", "models=" + dir));
    assertEquals("42602", e.getSQLState(), e.getMessage());
  }

  // Hole 7: users' objects landed in model schemas; their views bound to physical tables. Since
  // then, a lasting view made through the driver that reads a model is refused (it showed its
  // environment's rows to every other environment's connections: LastingDefinitionsTest); a
  // temporary one binds to the environment's views, and so does one made outside the driver.
  @ParameterizedTest
  @EnumSource(Backend.class)
  void usersObjectsStayOutOfModelSchemasAndTheirViewsBindToTheEnvironment(Backend backend) throws Exception {
    freshWarehouse(backend);
    try (Connection dev = w.connect("dev"); Statement s = dev.createStatement()) {
      SQLException e = refused(s, "CREATE TABLE sales.scratch (x INTEGER)", "42501");
      assertTrue(e.getMessage().contains("schema of your own"), e.getMessage());
      refused(s, "CREATE VIEW sales__dev.mine AS SELECT 1 AS x", "42501");
      dev.setSchema("sales");
      refused(s, "CREATE TABLE mine (x INTEGER)", "42501");
      dev.setSchema("scratch");
      refused(s, "CREATE VIEW scratch.dev_orders AS SELECT tag FROM sales.orders WHERE id = 1", "0A000");
      s.execute("CREATE TEMPORARY VIEW dev_orders_here AS SELECT tag FROM sales.orders WHERE id = 1");
      String temporary = w.isPostgres()
          ? value(dev, "SELECT pg_get_viewdef('dev_orders_here'::regclass)")
          : value(dev, "SELECT sql FROM duckdb_views() WHERE view_name = 'dev_orders_here'");
      assertTrue(temporary.contains("sales__dev") && !temporary.contains("venv__"), temporary);
      s.execute("CREATE TABLE scratch.copied AS SELECT tag FROM sales.orders WHERE id = 1");
    }
    w.raw("CREATE VIEW scratch.dev_orders AS SELECT tag FROM sales__dev.orders WHERE id = 1");
    // dev moves on; the janitor drops dev's old physical table; the user's view follows dev
    w.createEnvironment("dev", w.repository("dev2", "dev2", false, false));
    w.environments().janitor().run(false, true);
    assertEquals(List.of("dev2"), w.rawRows("SELECT tag FROM scratch.dev_orders"));
    assertEquals(List.of("dev"), w.rawRows("SELECT tag FROM scratch.copied"), "a copy keeps its rows");
  }

  // Hole 8: connecting read-only failed, because connecting wrote state.
  @ParameterizedTest
  @EnumSource(value = Backend.class, names = "POSTGRES")
  void aReadOnlyPostgresConnectionNeverCreatesAnEnvironment(Backend backend) throws Exception {
    warehouse(backend);
    try (Connection dev = w.connect("dev", "readOnly=true")) {
      assertEquals("dev", value(dev, "SELECT tag FROM sales.orders WHERE id = 1"));
    }
    TreeMap<String, List<String>> before = w.venvDigest();
    for (String options : List.of("readOnly=true&models=" + w.repository("rox", "rox", false, false), "readOnly=true")) {
      SQLException missing = assertThrows(SQLException.class, () -> w.connect("rox", options));
      assertEquals("25006", missing.getSQLState(), options + ": " + missing.getMessage());
    }
    assertEquals(before, w.venvDigest(), "a read-only connect wrote venv's objects");
    assertEquals(List.of(), w.rawRows("SELECT name FROM venv_state.environments WHERE name = 'rox'"));
  }

  @ParameterizedTest
  @EnumSource(value = Backend.class, names = "DUCKDB")
  void aReadOnlyConnectionReadsAnExistingEnvironmentAndWritesNothing(Backend backend) throws Exception {
    freshWarehouse(backend);
    w.environments().close(); // DuckDB holds one access mode per file in a process
    String file = dir.resolve("warehouse.db").toString();
    try (Connection dev = DriverManager.getConnection("jdbc:venv:dev:duckdb:" + file + "?access_mode=READ_ONLY")) {
      assertEquals("dev", value(dev, "SELECT tag FROM sales.orders WHERE id = 1"));
      dev.setSchema("sales");
      assertEquals("dev", value(dev, "SELECT tag FROM orders WHERE id = 1"));
      SQLException missing = assertThrows(SQLException.class,
          () -> DriverManager.getConnection("jdbc:venv:nope:duckdb:" + file + "?access_mode=READ_ONLY&models=" + dir));
      assertEquals("25006", missing.getSQLState(), missing.getMessage());
      assertTrue(missing.getMessage().contains("read-only"), missing.getMessage());
    }
    try (Connection raw = DriverManager.getConnection("jdbc:duckdb:" + file)) {
      List<String> used = Rows.of(raw, "SELECT name, last_used_at FROM venv_state.environments ORDER BY name");
      assertEquals(3, used.size());
    }
  }

  // Hole 12: the session schema was guessed from text and drifted from the backend's.
  @ParameterizedTest
  @EnumSource(Backend.class)
  void theSessionsSearchPathIsReadBackFromTheBackend(Backend backend) throws Exception {
    warehouse(backend);
    try (Connection dev = w.connect("dev"); Statement s = dev.createStatement()) {
      if (w.isPostgres()) {
        s.execute("SELECT set_config('search_path', 'sa' || 'les', false)");
        assertEquals("sales", dev.getSchema());
        assertEquals("dev", value(dev, "SELECT tag FROM orders WHERE id = 1"), "not prod's rows");
        refused(s, "DELETE FROM shared", "42501");
        s.execute("DO $$ BEGIN PERFORM set_config('search_path', 'scr' || 'atch', false); END $$");
        assertEquals("scratch", dev.getSchema());
        dev.setAutoCommit(false);
        s.execute("SET search_path = sales");
        assertEquals("sales", dev.getSchema());
        dev.rollback();
        assertEquals("scratch", dev.getSchema(), "the SET was rolled back with its transaction");
        s.execute("SET LOCAL search_path = sales");
        assertEquals("sales", dev.getSchema());
        dev.commit();
        assertEquals("scratch", dev.getSchema(), "SET LOCAL ends with the transaction");
        dev.setAutoCommit(true);
        assertThrows(SQLException.class, () -> s.execute("SET search_path = sales; SELECT 1/0"));
        assertEquals("scratch", dev.getSchema(), "the failed text's SET was rolled back");
      } else {
        assertThrows(SQLException.class, () -> s.execute("USE scratch; SELECT * FROM no_such_table"));
        String backendSchema = value(dev.unwrap(org.duckdb.DuckDBConnection.class), "SELECT current_schema()");
        assertEquals(backendSchema, dev.getSchema(), "driver and backend agree");
        s.execute("SET VARIABLE v = 'sales'");
        s.execute("SET schema = getvariable('v')");
        assertEquals("sales", dev.getSchema());
        assertEquals("sales__dev", value(dev.unwrap(org.duckdb.DuckDBConnection.class), "SELECT current_schema()"));
        dev.setSchema("scratch");
        dev.setCatalog(value(dev, "SELECT current_database()"));
        assertEquals(value(dev.unwrap(org.duckdb.DuckDBConnection.class), "SELECT current_schema()"),
            dev.getSchema());
      }
      dev.setSchema("scratch");
      s.execute("CREATE TABLE notes2 (id INTEGER)");
      assertEquals(1, s.executeUpdate("INSERT INTO notes2 VALUES (1)"), "the user's own table takes writes");
      assertEquals(1, s.executeUpdate("UPDATE notes SET note = 'still mine' WHERE id = 1"));
    }
  }

  // Hole 14: SQL run from strings read or wrote other environments' data.
  @ParameterizedTest
  @EnumSource(Backend.class)
  void sqlInStringsThatNamesVenvsObjectsIsRefused(Backend backend) throws Exception {
    warehouse(backend);
    try (Connection dev = w.connect("dev"); Statement s = dev.createStatement()) {
      if (w.isPostgres()) {
        refused(s, "DO $$ BEGIN EXECUTE 'DELETE FROM sales.ord' || 'ers'; END $$", "42000");
        refused(s, "DO $$ BEGIN DELETE FROM venv_state.environments; END $$", "42000");
        s.execute("CREATE FUNCTION scratch.run(q text) RETURNS void LANGUAGE plpgsql AS 'BEGIN EXECUTE q; END'");
        refused(s, "SELECT scratch.run('DELETE FROM sales.orders')", "42501");
        refused(s, "SELECT query_to_xml('SELECT * FROM sales.orders', true, false, '')", "42000");
        refused(s, "SELECT table_to_xml('sales.orders', true, false, '')", "42000");
        refused(s, "SELECT schema_to_xml('sales', true, false, '')", "42000");
      } else {
        refused(s, "SELECT * FROM query('SELECT * FROM sales.orders')", "42000");
        refused(s, "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT * FROM sales.orders'))",
            "42000");
      }
    }
  }

  // Found by a break-it review after hole 14's fix: what feeds a SQL-running function, and SQL
  // nested in strings inside strings.
  @ParameterizedTest
  @EnumSource(Backend.class)
  void aSqlRunningFunctionFedByAnythingButALiteralIsRefused(Backend backend) throws Exception {
    warehouse(backend);
    try (Connection dev = w.connect("dev"); Statement s = dev.createStatement()) {
      if (w.isPostgres()) {
        refused(s, "SELECT table_to_xml(t, true, false, '') FROM (VALUES ('sales.orders')) v(t)", "42000");
        refused(s, "SELECT pg_catalog.table_to_xml(c.oid, true, false, '') FROM pg_class c"
            + " WHERE relname = 'environments'", "42000");
        refused(s, "SELECT query_to_xml(q, true, false, '') FROM (SELECT 'SELECT 1' AS q) z", "42000");
        s.execute("CREATE FUNCTION scratch.run2(q text) RETURNS void LANGUAGE plpgsql AS 'BEGIN EXECUTE q; END'");
        String physical = w.physical("prod", "sales.orders");
        refused(s, "DO $$ BEGIN PERFORM scratch.run2('DELETE FROM " + physical + "'); END $$", "42000");
        refused(s, "SELECT scratch.run2('DEL' || 'ETE FROM " + physical + "')", "42000");
        refused(s, "SELECT scratch.run2(q) FROM (VALUES ('DELETE FROM " + physical + "')) v(q)", "42000");
        refused(s, "SELECT scratch.run2('DELETE FROM venv_state.environments')", "42501");
      } else {
        refused(s, "CREATE MACRO scratch.q(x) AS TABLE SELECT * FROM query_table(x)", "42000");
        refused(s, "SELECT * FROM query_table(lower('SALES.ORDERS'))", "42000");
        refused(s, "SELECT * FROM query(q) , (SELECT 'SELECT 1' AS q)", "42000");
      }
    }
  }

  // A function's own SET search_path (not its body) resolved its names in venv's schemas.
  @ParameterizedTest
  @EnumSource(value = Backend.class, names = "POSTGRES")
  void aFunctionsOwnSearchPathMayNameOnlyTheUsersSchemas(Backend backend) throws Exception {
    warehouse(backend);
    try (Connection dev = w.connect("dev"); Statement s = dev.createStatement()) {
      refused(s, "CREATE FUNCTION scratch.sp() RETURNS int LANGUAGE sql SET search_path = venv__sales"
          + " AS 'SELECT 1'", "42501");
      refused(s, "CREATE FUNCTION scratch.sp() RETURNS int LANGUAGE sql SET search_path TO scratch, sales"
          + " AS 'SELECT 1'", "42501");
      s.execute("CREATE FUNCTION scratch.sp() RETURNS int LANGUAGE sql SET search_path = scratch AS 'SELECT 1'");
      refused(s, "ALTER FUNCTION scratch.sp() SET search_path = sales__dev", "42501");
      s.execute("ALTER FUNCTION scratch.sp() SET search_path = scratch, public");
      assertEquals("1", value(dev, "SELECT scratch.sp()"));
    }
  }

  // Hole 15: writes through the user's own views reached shared physical tables (PostgreSQL).
  @ParameterizedTest
  @EnumSource(value = Backend.class, names = "POSTGRES")
  void aUsersViewOverAnEnvironmentViewTakesNoWrites(Backend backend) throws Exception {
    warehouse(backend);
    // made outside the driver, which refuses a lasting view that reads a model
    w.raw("CREATE VIEW scratch.v3 AS SELECT * FROM sales__dev.shared");
    try (Connection dev = w.connect("dev"); Statement s = dev.createStatement()) {
      refused(s, "UPDATE scratch.v3 SET tag = 'changed'", "55000");
      refused(s, "DROP OWNED BY CURRENT_USER", "42501");
      SQLException cascade = refused(s, "DROP TABLE external.src CASCADE", "42501");
      assertTrue(cascade.getMessage().contains("analytics.external_view"), cascade.getMessage());
      refused(s, "DROP SCHEMA \"external\" CASCADE", "42501");
      refused(s, "ALTER TABLE external.src DROP COLUMN x CASCADE", "42501");
      s.execute("CREATE TABLE scratch.alone (x INTEGER)");
      s.execute("DROP TABLE scratch.alone CASCADE"); // nothing of venv's depends on it
    }
    assertEquals(List.of("shared"), w.rawRows("SELECT tag FROM sales.shared"));
  }

  // Hole 17: other ways out.
  @ParameterizedTest
  @EnumSource(Backend.class)
  void otherPathsOutAreRefused(Backend backend) throws Exception {
    warehouse(backend);
    try (Connection dev = w.connect("dev"); Statement s = dev.createStatement()) {
      if (w.isPostgres()) {
        refused(s, "CREATE STATISTICS scratch.st ON id, tag FROM sales.orders", "42501");
        s.execute("CREATE TABLE scratch.t (x INTEGER)");
        refused(s, "ALTER TABLE scratch.t SET SCHEMA venv__sales", "42501");
        refused(s, "ALTER TABLE scratch.t SET SCHEMA sales__dev", "42501");
      } else {
        refused(s, "EXPORT DATABASE '" + dir.resolve("export").toString().replace("'", "''") + "'", "42000");
      }
    }
  }

  // Hole 11: an implicit alias that is a keyword; unwrap handing out the raw connection.
  @ParameterizedTest
  @EnumSource(Backend.class)
  void smallerHolesOfTheSameFamily(Backend backend) throws Exception {
    warehouse(backend);
    try (Connection dev = w.connect("dev"); Statement s = dev.createStatement()) {
      assertEquals("7", value(dev, "SELECT sales.both.x FROM sales.both"));
      Connection unwrapped = dev.unwrap(Connection.class);
      try (Statement u = unwrapped.createStatement()) {
        assertEquals("42501", assertThrows(SQLException.class, () -> u.execute("DELETE FROM sales.orders"))
            .getSQLState());
      }
      try (ResultSet rs = dev.getMetaData().getTables(null, "sales", "orders", null)) {
        assertTrue(rs.next());
        assertEquals("sales", rs.getString("TABLE_SCHEM"));
        rs.getString("REMARKS");
        boolean remarksNull = rs.wasNull();
        rs.getString("TABLE_SCHEM");
        assertFalse(rs.wasNull());
        rs.getString("REMARKS");
        assertEquals(remarksNull, rs.wasNull(), "wasNull follows the last read column");
      }
    }
  }

  // Hole 14 and 9 on a callable: {call} with a routed text.
  @ParameterizedTest
  @EnumSource(value = Backend.class, names = "POSTGRES")
  void aCallableStatementIsRoutedAndCheckedToo(Backend backend) throws Exception {
    warehouse(backend);
    try (Connection dev = w.connect("dev")) {
      TreeMap<String, List<String>> before = w.venvDigest();
      SQLException e = assertThrows(SQLException.class, () -> {
        try (CallableStatement call = dev.prepareCall("{call scratch.nothing('DELETE FROM sales.shared')}")) {
          call.execute();
        }
      });
      assertEquals("42501", e.getSQLState(), e.getMessage());
      assertEquals(before, w.venvDigest());
    }
  }

  // Hole 11: errors named physical objects only.
  @ParameterizedTest
  @EnumSource(Backend.class)
  void anErrorAboutAPhysicalObjectNamesTheModel(Backend backend) throws Exception {
    freshWarehouse(backend);
    try (Connection prod = w.connect("prod"); Statement s = prod.createStatement()) {
      assertEquals("prod", value(prod, "SELECT tag FROM sales.orders WHERE id = 1"));
      w.environments().promote("dev", "prod");
      w.environments().janitor().run(false, true); // no grace period: prod's old table goes now
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT tag FROM sales.orders"));
      assertTrue(e.getMessage().contains("is model sales.orders of environment prod"), e.getMessage());
      assertTrue(e.getMessage().contains("reconnect"), e.getMessage());
      assertTrue(e.getSQLState().startsWith("42"), e.getSQLState());
    }
  }

  // Hole 12, for prepared statements: routed on one search path, executed on another.
  @ParameterizedTest
  @EnumSource(Backend.class)
  void aPreparedStatementDoesNotRunOnASearchPathWhereItsNamesMeanOtherTables(Backend backend) throws Exception {
    warehouse(backend);
    try (Connection dev = w.connect("dev"); Statement s = dev.createStatement()) {
      s.execute("CREATE TABLE scratch.orders (id INTEGER, tag VARCHAR(10))");
      s.execute("INSERT INTO scratch.orders VALUES (1, 'mine')");
      dev.setSchema("scratch");
      try (java.sql.PreparedStatement p = dev.prepareStatement("SELECT tag FROM orders WHERE id = ?")) {
        p.setInt(1, 1);
        assertEquals(List.of("mine"), Rows.of(p.executeQuery()));
        dev.setSchema("sales");
        SQLException e = assertThrows(SQLException.class, p::executeQuery);
        assertEquals("0A000", e.getSQLState(), e.getMessage());
        dev.setSchema("scratch");
        assertEquals(List.of("mine"), Rows.of(p.executeQuery()), "back on its own path, it runs");
      }
      dev.setSchema("sales");
      assertEquals("dev", value(dev, "SELECT tag FROM orders WHERE id = 1"));
      List<String> schemas = new ArrayList<>();
      try (ResultSet rs = dev.getMetaData().getSchemas()) {
        while (rs.next()) {
          schemas.add(rs.getString("TABLE_SCHEM"));
        }
      }
      assertTrue(schemas.containsAll(List.of("sales", "analytics", "scratch")), schemas.toString());
      assertFalse(schemas.stream().anyMatch(x -> x.startsWith("venv") || x.contains("__") || x.equals("qa_only")),
          schemas.toString());
    }
  }

  // Found by an attack on the driver: DuckDB's catalogs are the process's, not the connection's.
  @ParameterizedTest
  @EnumSource(value = Backend.class, names = "DUCKDB")
  void theWarehouseCannotBeDetachedAttachedTwiceOrShadowed(Backend backend) throws Exception {
    warehouse(backend);
    try (Connection dev = w.connect("dev"); Statement s = dev.createStatement()) {
      String catalog = value(dev, "SELECT current_database()");
      String file = w.rawRows("SELECT path FROM duckdb_databases() WHERE database_name = '" + catalog + "'").get(0);
      Path same = Path.of(file).getParent().resolve(".").resolve(Path.of(file).getFileName());
      refused(s, "DETACH " + catalog, "42501");
      refused(s, "DETACH DATABASE IF EXISTS \"" + catalog.toUpperCase(java.util.Locale.ROOT) + "\"", "42501");
      refused(s, "ATTACH '" + file + "' AS second", "42501");
      refused(s, "ATTACH '" + same + "' AS second", "42501");
      refused(s, "CREATE MACRO main.upper(x) AS 'forged'", "42501");
      refused(s, "CREATE OR REPLACE TEMP MACRO lower(x) AS 'forged'", "42501");
      s.execute("CREATE MACRO main.plus_one(x) AS x + 1");
      s.execute("ATTACH ':memory:' AS elsewhere");
      s.execute("USE elsewhere");
      assertEquals("dev", value(dev, "SELECT tag FROM sales.orders WHERE id = 1"),
          "physical names carry the warehouse's catalog: another current catalog cannot stand in");
      s.execute("USE " + catalog);
      s.execute("DETACH elsewhere");
    }
    try (Connection prod = w.connect("prod")) {
      assertEquals("prod", value(prod, "SELECT tag FROM sales.orders WHERE id = 1"));
    }
  }

  // Found by the break-it review of issue 12: a connection attached another venv warehouse's file
  // and replaced, then dropped, that warehouse's prod views through its catalog's name.
  @ParameterizedTest
  @EnumSource(value = Backend.class, names = "DUCKDB")
  void anotherVenvWarehouseCannotBeAttached(Backend backend) throws Exception {
    warehouse(backend);
    Path other = dir.resolve("other.db");
    String otherUrl = "jdbc:venv:prod:duckdb:" + other + "?models=" + ModelRepositories.copyShop(dir.resolve("other"));
    List<String> otherRows;
    try (Connection otherProd = DriverManager.getConnection(otherUrl)) { // made, then closed: the file is free
      otherRows = Rows.of(otherProd, "SELECT * FROM marts.customer_orders ORDER BY 1");
    }
    Path plain = dir.resolve("plain.db");
    try (Connection raw = DriverManager.getConnection("jdbc:duckdb:" + plain); Statement s = raw.createStatement()) {
      s.execute("CREATE TABLE t AS SELECT 42 AS answer");
    }
    try (Connection dev = w.connect("dev"); Statement s = dev.createStatement()) {
      SQLException e = refused(s, "ATTACH '" + other + "' AS other", "42501");
      assertTrue(e.getMessage().contains("another venv warehouse"), e.getMessage());
      refused(s, "ATTACH '" + other + "' AS other (READ_ONLY)", "42501");
      refused(s, "ATTACH '" + other + "'", "42501"); // the alias DuckDB derives from the file's name
      assertEquals("42501", assertThrows(SQLException.class, () -> dev.prepareStatement("ATTACH '" + other + "' AS x"))
          .getSQLState(), "prepared too");
      // DuckDB's executeQuery runs the ATTACH before it says there are no rows
      assertEquals("42501", assertThrows(SQLException.class, () -> s.executeQuery("ATTACH '" + other + "' AS x"))
          .getSQLState());
      // what venv cannot open and look into before the ATTACH runs: DuckDB reads more paths than Java
      // a relative path into a folder named ':memory:', which DuckDB reads as a path
      String viaMemoryFolder = ":memory:/" + "../".repeat(40) + other.toString().substring(1);
      for (String unknown : List.of("file://" + other, "~/" + other.getFileName(), dir.toString(), viaMemoryFolder)) {
        refused(s, "ATTACH '" + unknown + "' AS x", "42000");
      }
      s.execute("ATTACH OR REPLACE ':memory:' AS scratchpad");
      s.execute("DETACH scratchpad");
      refused(s, "ATTACH '" + plain + "' AS x (TYPE sqlite)", "42000");
      // a file that becomes another warehouse between prepare and execute
      Path later = dir.resolve("later.db");
      try (java.sql.PreparedStatement ps = dev.prepareStatement("ATTACH '" + later + "' AS later")) {
        DriverManager.getConnection("jdbc:venv:prod:duckdb:" + later + "?models="
            + ModelRepositories.copyShop(dir.resolve("later"))).close();
        assertEquals("42501", assertThrows(SQLException.class, ps::execute).getSQLState());
      }
      assertEquals(List.of(), Rows.of(dev, "SELECT database_name FROM duckdb_databases() WHERE path LIKE '%later.db'"
          + " OR path LIKE '%other.db'"), "nothing of theirs attached");
      assertEquals(List.of(), Rows.of(dev, "SELECT database_name FROM duckdb_databases()"
          + " WHERE path LIKE '%other.db'"), "detached again");
      refused(s, "ATTACH '" + other + "' AS other; DROP SCHEMA other.marts CASCADE", "42000");
      refused(s, "ATTACH '" + plain + "' AS plain; SELECT 1", "42000");
      s.addBatch("SELECT 1");
      assertEquals("42000", assertThrows(SQLException.class, () -> s.addBatch("ATTACH '" + plain + "' AS plain"))
          .getSQLState(), "ATTACH goes on its own, whatever it attaches");
      s.clearBatch();
      s.execute("ATTACH '" + plain + "' AS plain");
      assertEquals("42", value(dev, "SELECT answer FROM plain.t"), "a database of one's own attaches as before");
      s.execute("DETACH plain");
      assertEquals("dev", value(dev, "SELECT tag FROM sales.orders WHERE id = 1"));
    }
    try (Connection otherProd = DriverManager.getConnection(otherUrl)) {
      assertEquals(otherRows, Rows.of(otherProd, "SELECT * FROM marts.customer_orders ORDER BY 1"));
    }
    try (Connection raw = DriverManager.getConnection("jdbc:duckdb:" + other)) {
      assertEquals(otherRows, Rows.of(raw, "SELECT * FROM marts.customer_orders ORDER BY 1"), "its prod views");
    }
  }

  // Found while attacking ATTACH: COPY … TO the warehouse's own file wrote a CSV over it, and every
  // environment in it was gone at the next open.
  @ParameterizedTest
  @EnumSource(value = Backend.class, names = "DUCKDB")
  void copyToNeverWritesOverADatabaseFile(Backend backend) throws Exception {
    warehouse(backend);
    Path other = java.nio.file.Files.createDirectories(dir.resolve("other")).resolve("other.db");
    DriverManager.getConnection("jdbc:venv:prod:duckdb:" + other + "?models="
        + ModelRepositories.copyShop(dir.resolve("other-models"))).close();
    try (Connection dev = w.connect("dev"); Statement s = dev.createStatement()) {
      String file = w.rawRows("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").get(0);
      Path warehouseFile = Path.of(file);
      for (String target : List.of(file, warehouseFile.getParent() + "/./" + warehouseFile.getFileName(), file + ".wal",
          other.toString(), other.getParent().toString())) {
        SQLException e = refused(s, "COPY (SELECT 1 AS a) TO '" + target + "' (FORMAT csv)", "42501");
        assertTrue(e.getMessage().contains("database"), e.getMessage());
      }
      refused(s, "COPY (SELECT 1 AS a) TO '" + other.getParent() + "' (FORMAT parquet, PARTITION_BY (a), OVERWRITE)",
          "42501");
      for (String unknown : List.of("~/x.csv", "file://" + dir.resolve("x.csv"))) {
        refused(s, "COPY (SELECT 1 AS a) TO '" + unknown + "' (FORMAT csv)", "42000");
      }
      for (String setting : List.of("SET profiling_output = '" + file + "'", "PRAGMA log_query_path = '" + file + "'",
          "SET GLOBAL \"Log_Query_Path\" TO '" + file + "'", "CALL enable_logging(storage = 'file')",
          "SET temp_directory = '" + warehouseFile.getParent() + "'")) {
        refused(s, setting, "42501");
      }
      assertEquals(List.of(""), Rows.of(dev, "SELECT current_setting('profiling_output')"), "reading it is fine");
      Path mine = dir.resolve("mine.csv");
      s.execute("COPY (SELECT tag FROM sales.orders WHERE id = 1) TO '" + mine + "' (FORMAT csv, HEADER false)");
      assertEquals("dev", java.nio.file.Files.readString(mine).strip(), "a file of one's own is written");
      assertEquals("dev", value(dev, "SELECT tag FROM sales.orders WHERE id = 1"));
    }
    try (Connection otherProd = DriverManager.getConnection("jdbc:venv:prod:duckdb:" + other)) {
      assertEquals(12, Rows.of(otherProd, "SELECT * FROM marts.customer_orders").size(), "the other warehouse opens");
    }
  }

  // Found by the isolation fuzzer: a schema of the user's ahead of a model schema on the path.
  @ParameterizedTest
  @EnumSource(Backend.class)
  void aBareNameReadsTheUsersTableWhereItComesFirstAndThePinnedModelElsewhere(Backend backend) throws Exception {
    freshWarehouse(backend);
    try (Connection dev = w.connect("dev"); Statement s = dev.createStatement()) {
      s.execute(w.isPostgres() ? "SET search_path = scratch, sales" : "SET search_path = 'scratch,sales'");
      assertEquals("dev", value(dev, "SELECT tag FROM orders WHERE id = 1"), "no scratch.orders: the model");
      w.createEnvironment("dev", w.repository("dev2", "dev2", false, false));
      assertEquals("dev", value(dev, "SELECT tag FROM orders WHERE id = 1"), "the pinned snapshot, not the view");
      s.execute("CREATE TABLE scratch.orders (id INTEGER, tag VARCHAR(10))");
      s.execute("INSERT INTO scratch.orders VALUES (1, 'mine')");
      assertEquals("mine", value(dev, "SELECT tag FROM orders WHERE id = 1"), "the user's table comes first");
      assertEquals(1, s.executeUpdate("UPDATE orders SET tag = 'still mine' WHERE id = 1"));
      assertEquals(List.of("still mine"), w.rawRows("SELECT tag FROM scratch.orders"));
    }
  }

  // Found by an attack: a bare name of another environment's model, and DuckDB's hints naming it.
  @ParameterizedTest
  @EnumSource(Backend.class)
  void aBareNameOfAnotherEnvironmentsModelIsNotFoundWithoutHints(Backend backend) throws Exception {
    warehouse(backend);
    try (Connection dev = w.connect("dev"); Statement s = dev.createStatement()) {
      dev.setSchema("analytics");
      SQLException e = refused(s, "SELECT total FROM slow_totals", "42P01");
      assertFalse(e.getMessage().contains("__") || e.getMessage().contains("Did you mean \"analytics."), e.getMessage());
      SQLException missing = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM slow_total"));
      assertFalse(missing.getMessage().contains("__") || missing.getMessage().contains("Did you mean \"analytics."),
          missing.getMessage());
      dev.setSchema("scratch");
    }
    if (w.isPostgres()) {
      try (Connection dev = w.connect("dev")) {
        assertEquals("public", dev.getSchema(), "PostgreSQL's \"$user\" resolved, as PgJDBC's own getSchema");
      }
    }
  }

  // Found by an attack: a connection knew only the model schemas of its connect time.
  @ParameterizedTest
  @EnumSource(Backend.class)
  void aModelSchemaMadeAfterTheConnectIsRefusedToo(Backend backend) throws Exception {
    freshWarehouse(backend);
    TestClock clock = new TestClock(java.time.Instant.now());
    VenvDriver driver = new VenvDriver(clock);
    try (Connection dev = driver.connect(w.venvUrl("dev"), w.credentials()); Statement s = dev.createStatement()) {
      assertEquals("dev", value(dev, "SELECT tag FROM sales.orders WHERE id = 1"));
      Path qa = w.repository("qa2", "qa", false, true);
      ModelRepositories.write(qa.resolve("newschema/foo.sql"), "MODEL (name newschema.foo, kind FULL);\nSELECT 'new' AS tag");
      w.createEnvironment("qa", qa);
      refused(s, "SELECT tag FROM newschema__qa.foo", "42P01");
      refused(s, "DROP VIEW newschema__qa.foo", "42501");
      refused(s, "CREATE TABLE newschema__qa.planted (x INTEGER)", "42501");
      w.environments().promote("qa", "prod");
      // Another process may have promoted: the driver asks the state at most once a second.
      clock.advance(java.time.Duration.ofMillis(1_001));
      refused(s, "SELECT tag FROM newschema.foo", "42P01");
      refused(s, "DROP VIEW newschema.foo", "42501");
      assertEquals("dev", value(dev, "SELECT tag FROM sales.orders WHERE id = 1"), "still its own snapshots");
    } finally {
      driver.close();
    }
  }

  // Found by the break-it review of issue 12: a text routed before a schema became a model schema
  // ran as it was routed after it did.
  @ParameterizedTest
  @EnumSource(Backend.class)
  void aBatchOrPreparedTextMadeBeforeASchemaBecameAModelSchemaIsRefusedAfter(Backend backend) throws Exception {
    freshWarehouse(backend);
    TestClock clock = new TestClock(java.time.Instant.now());
    VenvDriver driver = new VenvDriver(clock);
    try (Connection dev = driver.connect(w.venvUrl("dev"), w.credentials()); Statement s = dev.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS scratch");
      s.execute("CREATE TABLE scratch.copied (tag VARCHAR(20))");
      Statement batch = dev.createStatement();
      batch.addBatch("INSERT INTO scratch.copied SELECT tag FROM later.foo"); // a user's name, for now
      // PostgreSQL prepares when first executed; DuckDB binds at prepare, where later.foo is missing
      java.sql.PreparedStatement prepared = w.isPostgres() ? dev.prepareStatement("SELECT tag FROM later.foo") : null;
      java.sql.PreparedStatement preparedBatch = w.isPostgres()
          ? dev.prepareStatement("INSERT INTO scratch.copied SELECT tag FROM later.foo WHERE 1 = ?") : null;
      if (preparedBatch != null) {
        preparedBatch.setInt(1, 1);
        preparedBatch.addBatch();
      }

      Path qa = w.repository("qa2", "qa", false, true);
      ModelRepositories.write(qa.resolve("later/foo.sql"), "MODEL (name later.foo, kind FULL);\nSELECT 'prod' AS tag");
      w.createEnvironment("qa", qa);
      w.environments().promote("qa", "prod");
      clock.advance(java.time.Duration.ofMillis(1_001)); // the driver asks the state at most once a second

      SQLException batchRefused = assertThrows(SQLException.class, batch::executeBatch);
      assertNotNull(batchRefused.getSQLState(), batchRefused.getMessage());
      if (prepared != null) {
        SQLException preparedRefused = assertThrows(SQLException.class, prepared::executeQuery);
        assertEquals("42P01", preparedRefused.getSQLState(), preparedRefused.getMessage());
        SQLException preparedBatchRefused = assertThrows(SQLException.class, preparedBatch::executeBatch);
        assertEquals("42P01", preparedBatchRefused.getSQLState(), preparedBatchRefused.getMessage());
      }
      assertEquals(List.of(), Rows.of(dev, "SELECT tag FROM scratch.copied"), "nothing of prod's was copied");
      refused(s, "SELECT tag FROM later.foo", "42P01");
    } finally {
      driver.close();
    }
  }

  /** Guards the test itself: the warehouse holds what the tests assume. */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void theWarehouseIsWhatTheTestsAssume(Backend backend) throws Exception {
    warehouse(backend);
    Map<String, String> tags = Map.of("prod", "prod", "dev", "dev", "qa", "dev");
    for (Map.Entry<String, String> e : tags.entrySet()) {
      try (Connection c = w.connect(e.getKey())) {
        assertEquals(e.getValue(), value(c, "SELECT tag FROM sales.orders WHERE id = 1"), e.getKey());
        assertEquals("shared", value(c, "SELECT tag FROM sales.shared"));
      }
    }
    assertEquals(w.physical("prod", "sales.shared"), w.physical("dev", "sales.shared"), "shared physical table");
  }
}
