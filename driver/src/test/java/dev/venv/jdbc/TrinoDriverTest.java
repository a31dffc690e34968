package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.testing.Rows;
import dev.venv.testing.TrinoCluster;
import dev.venv.testing.TrinoWarehouse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver on Trino, the third backend of {@link VenvDriverTest} and {@link PostgresDriverTest}
 * (and of {@link RefusedWritesTest}'s refusals): environments made lazily by a connect, one SQL
 * text reading each environment's rows however Trino lets a name be spelled (three-part names,
 * quotes, case, the URL's schema, {@code USE}), what a session may change ({@code SET SESSION})
 * and may not ({@code SET SESSION AUTHORIZATION}), other environments' objects refused, every
 * write to a model refused with nothing changed, the user's own tables writable, metadata.
 *
 * <p>One warehouse (prod and dev) for the class: Trino's DDL is slow (a view 30–150 ms, a table
 * seconds), and only {@link #writesToModelsAreRefusedAndNothingChanges} could change it, which it
 * checks on every statement.
 */
class TrinoDriverTest {
  private static final List<String> PROD_ROWS = List.of("1|2|30.50", "2|2|13.00", "3|1|30.00");
  private static final List<String> DEV_ROWS = List.of("1|1|10.50", "2|1|5.25", "3|1|30.00");

  @TempDir static Path dir;
  private static TrinoWarehouse w;
  private static Path prodModels;
  private static Path devModels;
  /** The run's schemas: {@code <prefix>_marts}, and dev's view schema. */
  private static String marts;
  private static String martsDev;
  private static String revenue;
  /** customer_revenue's physical table in dev and in prod, {@code schema.table}. */
  private static String devPhysical;
  private static String prodPhysical;

  @BeforeAll
  static void prodAndDevMadeByConnects() throws Exception {
    w = TrinoWarehouse.open('d');
    prodModels = w.shop(dir.resolve("prod"), false);
    devModels = w.shop(dir.resolve("dev"), true);
    marts = w.name("marts");
    martsDev = marts + "__dev";
    revenue = marts + ".customer_revenue";
    String sql = "SELECT * FROM " + revenue + " ORDER BY customer_id";
    try (Connection prod = w.connect("prod", prodModels)) {
      assertEquals(PROD_ROWS, Rows.of(prod, sql));
    }
    // the URL's other form, env= as an option
    try (Connection dev = DriverManager.getConnection("jdbc:venv:" + w.backendPart() + "?env=dev&user="
        + TrinoCluster.CLIENT + "&owner_user=" + TrinoCluster.OWNER + "&" + w.stateOptions() + "&models=" + devModels)) {
      assertEquals(DEV_ROWS, Rows.of(dev, sql));
    }
    devPhysical = physicalUnder(martsDev);
    prodPhysical = physicalUnder(marts);
    assertNotEquals(devPhysical, prodPhysical);
    try (Connection owner = TrinoCluster.connect(TrinoCluster.OWNER); Statement s = owner.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS iceberg.scratch");
    }
  }

  /** The physical table the view {@code schema.customer_revenue} reads. */
  private static String physicalUnder(String schema) throws SQLException {
    String definition = w.rows("SELECT view_definition FROM iceberg.information_schema.views WHERE table_schema = '"
        + schema + "' AND table_name = 'customer_revenue'").get(0);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"(venv__[^\"]+)\"\\.\"([^\"]+)\"").matcher(definition);
    assertTrue(m.find(), definition);
    return m.group(1) + "." + m.group(2);
  }

  @AfterAll
  static void dropTheRunsObjects() throws SQLException {
    if (w != null) {
      w.close();
    }
  }

  private static Connection dev() throws SQLException {
    return w.connect("dev", null);
  }

  private static Connection prod() throws SQLException {
    return w.connect("prod", null);
  }

  @Test
  void oneSqlTextReadsEachEnvironmentsRowsHoweverANameIsSpelled() throws Exception {
    String[] spellings = {revenue, "iceberg." + revenue, "\"iceberg\".\"" + marts + "\".\"customer_revenue\"",
        ("ICEBERG." + revenue).toUpperCase(Locale.ROOT), "\"" + marts + "\".customer_revenue"};
    try (Connection prod = prod(); Connection dev = dev()) {
      for (String name : spellings) {
        String sql = "SELECT customer_id, orders, revenue FROM " + name + " ORDER BY customer_id";
        assertEquals(PROD_ROWS, Rows.of(prod, sql), sql);
        assertEquals(DEV_ROWS, Rows.of(dev, sql), sql);
      }
      // its own view schema, Trino's TABLE query, a join of two models, a subquery, a CTE
      assertEquals(DEV_ROWS, Rows.of(dev, "SELECT * FROM " + martsDev + ".customer_revenue ORDER BY 1"));
      assertEquals(DEV_ROWS, Rows.of(dev, "SELECT * FROM (TABLE " + revenue + ") ORDER BY 1"));
      String join = "SELECT r.customer_id, t.revenue FROM " + revenue + " r JOIN " + marts + ".top_customers t"
          + " ON t.customer_id = r.customer_id ORDER BY 1";
      assertEquals(List.of("1|30.50", "3|30.00"), Rows.of(prod, join));
      assertEquals(List.of("3|30.00"), Rows.of(dev, join), "dev's top customers follow dev's revenue");
      assertEquals(List.of("3"), Rows.of(dev, "WITH r AS (SELECT * FROM " + revenue + ") SELECT count(*) FROM r"
          + " WHERE customer_id IN (SELECT customer_id FROM " + w.name("staging.stg_orders") + ")"));
      // a prepared statement with a parameter, on both
      String point = "SELECT revenue FROM " + revenue + " WHERE customer_id = ?";
      try (PreparedStatement p = prod.prepareStatement(point); PreparedStatement d = dev.prepareStatement(point)) {
        p.setInt(1, 1);
        d.setInt(1, 1);
        assertEquals(List.of("30.50"), Rows.of(p.executeQuery()));
        assertEquals(List.of("10.50"), Rows.of(d.executeQuery()));
      }
      // Trino's PREPARE … FROM and EXECUTE, routed where prepared
      try (Statement s = dev.createStatement()) {
        s.execute("PREPARE top FROM SELECT max(revenue) FROM " + revenue);
        assertEquals(List.of("30.00"), Rows.of(s.executeQuery("EXECUTE top")));
        assertEquals(List.of("1"), Rows.of(s.executeQuery("SELECT max(orders) FROM " + revenue)));
      }
    }
  }

  @Test
  void theSessionsSchemaFromTheUrlUseAndSetSchemaReadsTheEnvironment() throws Exception {
    String bare = "SELECT * FROM customer_revenue ORDER BY customer_id";
    for (String path : List.of("/" + marts, "/" + marts.toUpperCase(Locale.ROOT), "/" + martsDev)) {
      try (Connection dev = DriverManager.getConnection(w.url("dev", TrinoCluster.CLIENT, path, null))) {
        assertEquals(marts, dev.getSchema(), path);
        assertEquals(DEV_ROWS, Rows.of(dev, bare), path);
      }
    }
    try (Connection dev = dev(); Statement s = dev.createStatement()) {
      for (String use : List.of("USE " + marts, "USE iceberg." + marts, "USE \"iceberg\".\"" + marts + "\"",
          "USE " + martsDev, "use " + marts.toUpperCase(Locale.ROOT))) {
        s.execute("USE iceberg.scratch");
        s.execute(use);
        assertEquals(marts, dev.getSchema(), use);
        assertEquals(DEV_ROWS, Rows.of(dev, bare), use);
      }
      dev.setSchema("scratch");
      dev.setSchema(marts);
      assertEquals(DEV_ROWS, Rows.of(dev, bare), "setSchema");
      // another catalog's schema: a bare name is no model there; a qualified one still is dev's
      s.execute("USE system.runtime");
      assertEquals("system", dev.getCatalog());
      SQLException elsewhere = assertThrows(SQLException.class, () -> Rows.of(dev, bare));
      assertFalse(String.valueOf(elsewhere.getMessage()).contains(marts), elsewhere.getMessage());
      assertEquals(DEV_ROWS, Rows.of(dev, "SELECT * FROM " + revenue + " ORDER BY 1"));
      assertEquals(List.of("2"), Rows.of(dev, "SELECT count(*) FROM nodes"), "system.runtime's own tables");
      s.execute("USE iceberg." + marts);
      assertEquals(DEV_ROWS, Rows.of(dev, bare), "back in the warehouse's catalog");
      // venv's own schema is no session schema of a client's
      SQLException physical = assertThrows(SQLException.class, () -> s.execute("USE iceberg.venv__" + marts));
      assertEquals("42P01", physical.getSQLState(), physical.getMessage());
      assertEquals(DEV_ROWS, Rows.of(dev, bare), "the refused USE left the session where it was");
    }
    // another environment's view schema: refused as a USE, and as the URL's schema at the connect
    try (Connection prod = prod(); Statement s = prod.createStatement()) {
      SQLException other = assertThrows(SQLException.class, () -> s.execute("USE " + martsDev));
      assertEquals("42P01", other.getSQLState(), other.getMessage());
      assertTrue(other.getMessage().contains("not environment prod's"), other.getMessage());
    }
    for (String[] other : new String[][] {{"prod", "/" + martsDev}, {"prod", "/venv__" + marts},
        {"dev", "/venv__" + marts}, {"dev", "/" + marts + "__prod"}}) {
      // it connected with no session schema, and a bare name failed with Trino's "Schema must be specified"
      SQLException e = assertThrows(SQLException.class,
          () -> DriverManager.getConnection(w.url(other[0], TrinoCluster.CLIENT, other[1], null)).close(), other[1]);
      assertEquals("08001", e.getSQLState(), other[1] + ": " + e.getMessage());
      assertTrue(e.getMessage().startsWith("venv: the URL starts the session on schema "), e.getMessage());
    }
  }

  @Test
  void setSessionChangesTheSessionButNeverTheUser() throws Exception {
    try (Connection dev = dev(); Statement s = dev.createStatement()) {
      s.execute("SET SESSION iceberg.compression_codec = 'GZIP'");
      s.execute("SET SESSION query_max_run_time = '10m'");
      s.execute("RESET SESSION iceberg.compression_codec");
      s.execute("SET TIME ZONE 'UTC'");
      assertEquals(DEV_ROWS, Rows.of(dev, "SELECT * FROM " + revenue + " ORDER BY 1"));
      // the user is the client's: Trino refuses to let it become venv's (no impersonation rule)
      for (String become : List.of("SET SESSION AUTHORIZATION " + TrinoCluster.OWNER,
          "SET SESSION AUTHORIZATION '" + TrinoCluster.OWNER + "'")) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute(become), become);
        assertEquals("42501", e.getSQLState(), e.getMessage());
      }
      assertEquals(List.of(TrinoCluster.CLIENT), Rows.of(dev, "SELECT current_user"));
    }
  }

  @Test
  void anotherEnvironmentsObjectsAreNotRead() throws Exception {
    String prodTable = prodPhysical.substring(prodPhysical.indexOf('.') + 1);
    String prodSchema = prodPhysical.substring(0, prodPhysical.indexOf('.'));
    try (Connection dev = dev(); Statement s = dev.createStatement()) {
      for (String sql : List.of("SELECT * FROM " + prodPhysical, "SELECT * FROM iceberg." + prodPhysical,
          "SELECT * FROM " + prodPhysical + " FOR VERSION AS OF 1",
          "SELECT * FROM " + prodSchema + ".\"" + prodTable + "$snapshots\"",
          "SELECT * FROM " + prodSchema + ".\"" + prodTable + "$files\"",
          "SELECT * FROM " + prodSchema + ".\"" + prodTable + "$partitions\"",
          "SHOW STATS FOR (SELECT * FROM " + prodPhysical + ")",
          "PREPARE p FROM SELECT * FROM " + prodPhysical,
          "DESCRIBE " + prodPhysical)) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
        assertEquals("42P01", e.getSQLState(), sql + ": " + e.getMessage());
        assertTrue(e.getMessage().startsWith("venv:"), sql + ": " + e.getMessage());
      }
      // names inside strings that venv cannot follow
      for (String sql : List.of("SELECT * FROM TABLE(iceberg.system.table_changes('" + prodSchema + "', '" + prodTable
          + "', 0, 9999999999999999))", "EXECUTE IMMEDIATE 'SELECT * FROM " + revenue + "'")) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
        assertEquals("42000", e.getSQLState(), sql + ": " + e.getMessage());
      }
      // its own physical table, named directly, is its pinned snapshot
      assertEquals(DEV_ROWS, Rows.of(dev, "SELECT * FROM " + devPhysical + " ORDER BY 1"));
      assertEquals(DEV_ROWS, Rows.of(dev, "SELECT * FROM " + revenue + " ORDER BY 1"), "the statement still works");
    }
  }

  /**
   * Iceberg's time travel on a model ({@code FOR VERSION AS OF}, {@code FOR TIMESTAMP AS OF}) is
   * refused by venv, naming what it cannot do, before Trino sees it: a model's physical table holds
   * one build, not the model's history, and a VIEW model's is a view, which has none. (Routed as a
   * read, the text became {@code … AS "customer_revenue" FOR VERSION AS OF 1}, Trino's syntax error.)
   */
  @Test
  void timeTravelOnAModelIsRefusedByVenv() throws Exception {
    String ts = " FOR TIMESTAMP AS OF TIMESTAMP '2024-01-01 00:00:00 UTC'";
    try (Connection dev = dev(); Statement s = dev.createStatement()) {
      for (String sql : List.of("SELECT * FROM " + revenue + " FOR VERSION AS OF 1",
          "SELECT * FROM " + revenue + ts,
          "SELECT * FROM iceberg." + revenue + " for version as of 1 AS r",
          "SELECT * FROM \"" + martsDev + "\".customer_revenue FOR VERSION AS OF 1",
          "SELECT * FROM " + devPhysical + " FOR VERSION AS OF 1",
          "SELECT * FROM " + w.name("staging.stg_orders") + ts,
          "SELECT * FROM " + revenue + " r JOIN " + marts + ".top_customers /* then */ FOR VERSION AS OF 1 t"
              + " ON t.customer_id = r.customer_id")) {
        SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(sql), sql);
        assertEquals("0A000", e.getSQLState(), sql + ": " + e.getMessage());
        assertTrue(e.getMessage().startsWith("venv: time travel"), sql + ": " + e.getMessage());
      }
      s.execute("USE " + marts);
      SQLException bare = assertThrows(SQLException.class,
          () -> s.executeQuery("SELECT * FROM customer_revenue FOR VERSION AS OF 1"));
      assertEquals("0A000", bare.getSQLState(), bare.getMessage());
      SQLException prepared = assertThrows(SQLException.class, () -> {
        PreparedStatement p = dev.prepareStatement("SELECT * FROM " + revenue + " FOR VERSION AS OF ?");
        p.setLong(1, 1);
        p.executeQuery();
      });
      assertEquals("0A000", prepared.getSQLState(), prepared.getMessage());
      assertEquals(DEV_ROWS, Rows.of(dev, "SELECT * FROM customer_revenue ORDER BY 1"), "the statement still works");
    }
  }

  /**
   * Every way Trino writes, on a model, an environment's view and a physical object: refused by the
   * driver with 42501 before Trino sees it, and the Iceberg catalog records no commit. The client
   * here is {@code venv} itself, whom Trino lets do everything, so that the driver is the only guard
   * (as on DuckDB) and a write it missed would show.
   */
  @Test
  void writesToModelsAreRefusedAndNothingChanges() throws Exception {
    String m = marts;
    String top = m + ".top_customers";
    String seed = w.name("raw.orders");
    List<String> writes = new ArrayList<>(List.of(
        "INSERT INTO " + revenue + " VALUES (9, 9, 9)",
        "INSERT INTO iceberg." + revenue + " (customer_id) SELECT 9",
        "INSERT INTO \"iceberg\".\"" + martsDev + "\".\"customer_revenue\" VALUES (9, 9, 9)",
        "INSERT INTO " + devPhysical + " SELECT * FROM " + devPhysical,
        "insert into " + prodPhysical.toUpperCase(Locale.ROOT) + " values (9, 9, 9)",
        "DELETE FROM " + revenue,
        "DELETE FROM " + seed + " WHERE order_id = 1",
        "DELETE FROM \"ICEBERG\".\"" + m.toUpperCase(Locale.ROOT) + "\".CUSTOMER_REVENUE",
        "UPDATE " + revenue + " SET orders = 0",
        "UPDATE " + devPhysical + " SET orders = 0 WHERE customer_id = 1",
        "MERGE INTO " + revenue + " t USING (VALUES 1) AS v(x) ON t.customer_id = v.x WHEN MATCHED THEN DELETE",
        "MERGE INTO " + seed + " t USING (VALUES 1) AS v(x) ON false WHEN NOT MATCHED THEN INSERT (order_id) VALUES (9)",
        "TRUNCATE TABLE " + revenue,
        "TRUNCATE TABLE " + devPhysical,
        "DROP TABLE " + revenue,
        "DROP VIEW " + martsDev + ".customer_revenue",
        "DROP TABLE IF EXISTS " + prodPhysical,
        "DROP VIEW " + w.name("staging.stg_orders"),
        "DROP SCHEMA " + m + " CASCADE",
        "DROP SCHEMA venv__" + m,
        "ALTER TABLE " + revenue + " ADD COLUMN note varchar",
        "ALTER TABLE " + revenue + " RENAME TO stolen",
        // a table of one's own renamed onto a model, or onto its physical name (Trino takes both)
        "ALTER TABLE scratch." + w.prefix() + "_mine RENAME TO " + revenue,
        "ALTER TABLE scratch." + w.prefix() + "_mine RENAME TO " + devPhysical,
        // … or into a model's schema, an environment's view schema, venv's own: as a CREATE there
        "ALTER TABLE scratch." + w.prefix() + "_mine RENAME TO " + m + ".y",
        "ALTER TABLE iceberg.scratch." + w.prefix() + "_mine RENAME TO iceberg." + m + ".y",
        "ALTER TABLE scratch." + w.prefix() + "_mine RENAME TO " + martsDev + ".y",
        "ALTER TABLE scratch." + w.prefix() + "_mine RENAME TO venv__" + m + ".y",
        "ALTER VIEW scratch." + w.prefix() + "_mine RENAME TO " + m + ".y",
        "ALTER TABLE " + devPhysical + " DROP COLUMN orders",
        "ALTER TABLE iceberg." + revenue + " SET PROPERTIES format = 'ORC'",
        "ALTER VIEW " + martsDev + ".customer_revenue RENAME TO x",
        "ALTER TABLE " + revenue + " SET AUTHORIZATION " + TrinoCluster.CLIENT,
        "ALTER SCHEMA " + m + " RENAME TO " + m + "_x",
        "ALTER TABLE " + revenue + " EXECUTE optimize",
        "ALTER TABLE " + devPhysical + " EXECUTE expire_snapshots(retention_threshold => '0s')",
        "ALTER TABLE " + prodPhysical + " EXECUTE remove_orphan_files(retention_threshold => '0s')",
        "CREATE OR REPLACE VIEW " + top + " AS SELECT 1 AS x",
        "CREATE OR REPLACE TABLE " + revenue + " AS SELECT 1 AS x",
        "CREATE TABLE " + m + ".mine AS SELECT 1 AS x",
        "CREATE VIEW " + martsDev + ".mine AS SELECT 1 AS x",
        "CREATE SCHEMA " + m + "__qa",
        "COMMENT ON TABLE " + revenue + " IS 'x'",
        "COMMENT ON VIEW " + martsDev + ".customer_revenue IS 'x'",
        "COMMENT ON COLUMN " + revenue + ".orders IS 'x'",
        "GRANT SELECT ON " + revenue + " TO " + TrinoCluster.CLIENT,
        "ANALYZE " + revenue,
        "PREPARE w FROM INSERT INTO " + revenue + " VALUES (9, 9, 9)",
        "PREPARE w FROM DELETE FROM " + seed,
        "PREPARE w FROM DROP TABLE " + devPhysical,
        "EXPLAIN ANALYZE DELETE FROM " + revenue,
        "CALL iceberg.system.unregister_table(replace('vxnv__" + w.prefix() + "_raw', 'x', 'e'), 'orders')",
        "CALL system.register_table(schema_name => '" + m + "', table_name => 'mine', table_location => '/tmp')",
        "CALL iceberg.system.rollback_to_snapshot('" + m + "', 'customer_revenue', 1)",
        "SELECT 1; DELETE FROM " + revenue));
    TreeSet<String> before = w.commits();
    assertFalse(before.isEmpty(), "the Iceberg catalog records the run's objects");
    try (Connection c = DriverManager.getConnection(w.url("dev", TrinoCluster.OWNER, "", null));
        Statement s = c.createStatement()) {
      for (String write : writes) {
        SQLException refused = null;
        try {
          s.execute(write);
        } catch (SQLException e) {
          refused = e;
        }
        SQLException e = refused;
        TreeSet<String> after = w.commits();
        assertAll(write,
            () -> assertNotNull(e, "not refused"),
            () -> assertEquals("42501", e == null ? null : e.getSQLState(), () -> e.getMessage()),
            () -> assertTrue(e == null || e.getMessage().startsWith("venv:"), () -> "refused by Trino, not venv: "
                + e.getMessage()),
            () -> assertEquals(before, after, "a commit in the Iceberg catalog"));
      }
      // through the other entry points (trino-jdbc has no statement batches: addBatch fails as it would)
      assertThrows(SQLException.class, () -> {
        s.addBatch("DELETE FROM " + revenue);
        s.executeBatch();
      });
      SQLException prepared = assertThrows(SQLException.class, () -> c.prepareStatement("UPDATE " + revenue
          + " SET orders = ? WHERE customer_id = ?").executeUpdate());
      assertEquals("42501", prepared.getSQLState(), prepared.getMessage());
      s.execute("USE " + m);
      SQLException bare = assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM customer_revenue"));
      assertEquals("42501", bare.getSQLState(), bare.getMessage());
      assertEquals(before, w.commits());
      assertEquals(DEV_ROWS, Rows.of(c, "SELECT * FROM customer_revenue ORDER BY 1"), "the statement still works");
    }
  }

  @Test
  void theUsersOwnTablesTakeWrites() throws Exception {
    String notes = "scratch." + w.prefix() + "_notes";
    TreeSet<String> before = w.commits();
    try (Connection dev = dev(); Statement s = dev.createStatement()) {
      try {
        s.execute("CREATE TABLE " + notes + " AS SELECT customer_id, orders FROM " + revenue);
        assertEquals(List.of("1|1", "2|1", "3|1"), Rows.of(dev, "SELECT * FROM " + notes + " ORDER BY 1"),
            "made from dev's rows");
        assertEquals(1, s.executeUpdate("INSERT INTO " + notes + " SELECT customer_id, orders FROM " + revenue
            + " WHERE customer_id = 3"));
        assertEquals(2, s.executeUpdate("UPDATE " + notes + " SET orders = 7 WHERE customer_id = 3"));
        assertEquals(1, s.executeUpdate("DELETE FROM " + notes + " WHERE customer_id = 1"));
        // a table shaped like a model: LIKE is refused in venv's words (Trino copies no view's
        // columns: it failed with an internal error), and CREATE TABLE … AS … WITH NO DATA does it
        SQLException like = assertThrows(SQLException.class,
            () -> s.execute("CREATE TABLE " + notes + "_like (LIKE " + revenue + ")"));
        assertEquals("0A000", like.getSQLState(), like.getMessage());
        assertTrue(like.getMessage().contains("WITH NO DATA"), like.getMessage());
        s.execute("CREATE TABLE " + notes + "_like AS SELECT * FROM " + revenue + " WITH NO DATA");
        assertEquals(List.of("0"), Rows.of(dev, "SELECT count(*) FROM " + notes + "_like"));
        // a name of a model's table in the user's own schema is the user's
        s.execute("USE iceberg.scratch");
        assertEquals(List.of("2|1", "3|7", "3|7"), Rows.of(dev, "SELECT * FROM " + w.prefix() + "_notes ORDER BY 1, 2"));
      } finally {
        s.execute("DROP TABLE IF EXISTS " + notes);
        s.execute("DROP TABLE IF EXISTS " + notes + "_like");
      }
    }
    assertEquals(before, w.commits(), "none of venv's objects changed");
  }

  @Test
  void metadataShowsTheEnvironmentsModelsUnderTheirNames() throws Exception {
    try (Connection dev = dev()) {
      DatabaseMetaData md = dev.getMetaData();
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = md.getTables(null, marts, "%", null)) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_CAT") + "." + rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME")
              + " " + rs.getString("TABLE_TYPE"));
        }
      }
      assertEquals(List.of("iceberg." + marts + ".customer_revenue TABLE", "iceberg." + marts + ".top_customers TABLE"),
          tables);
      List<String> columns = new ArrayList<>();
      try (ResultSet rs = md.getColumns(null, marts, "customer_revenue", "%")) {
        while (rs.next()) {
          columns.add(rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME"));
        }
      }
      assertEquals(List.of("customer_id bigint", "orders bigint", "revenue decimal(12,2)"), columns);
      List<String> schemas = new ArrayList<>();
      try (ResultSet rs = md.getSchemas(null, w.prefix() + "%")) {
        while (rs.next()) {
          schemas.add(rs.getString("TABLE_SCHEM"));
        }
      }
      assertEquals(List.of(marts, w.name("raw"), w.name("staging")), schemas.stream().sorted().toList(),
          "the model schemas, not venv's nor dev's view schemas");
      List<String> all = new ArrayList<>();
      try (ResultSet rs = md.getTables(null, "%", "%", null)) {
        while (rs.next()) {
          all.add(rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME"));
        }
      }
      assertTrue(all.contains(w.name("staging.stg_orders")), all.toString());
      assertTrue(all.stream().noneMatch(t -> t.startsWith("venv__") || t.contains("__dev.")), all.toString());
    }
  }

  /**
   * A name that is neither venv's option nor a setting of trino-jdbc is refused in venv's words, as on
   * DuckDB and PostgreSQL ({@link UnknownOptionTest}): trino-jdbc's own "Unrecognized connection
   * property" has no SQLState and does not say which names venv takes.
   */
  @Test
  void aMistypedOptionIsRefusedWithVenvsOptionsAndTrinosSettingsStillPass() throws Exception {
    String url = w.url("dev", TrinoCluster.CLIENT, "", null);
    SQLException typo = assertThrows(SQLException.class, () -> DriverManager.getConnection(url + "&modles=" + devModels));
    assertEquals("22023", typo.getSQLState(), typo.getMessage());
    assertTrue(typo.getMessage().startsWith("Unknown option modles: venv's options are env, models, from,"),
        typo.getMessage());
    assertTrue(typo.getMessage().contains("did you mean modles → models?"), typo.getMessage());
    java.util.Properties properties = new java.util.Properties();
    properties.setProperty("ApplicationName", "a pool's bag"); // PgJDBC's, which trino-jdbc refuses
    SQLException unknown = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, properties));
    assertEquals("22023", unknown.getSQLState(), unknown.getMessage());
    assertTrue(unknown.getMessage().contains("ApplicationName"), unknown.getMessage());
    try (Connection c = DriverManager.getConnection(url + "&source=venv-test&timezone=UTC")) {
      assertEquals(DEV_ROWS, Rows.of(c, "SELECT * FROM " + revenue + " ORDER BY 1"), "trino-jdbc's own settings pass");
    }
  }

  /**
   * {@code SHOW CREATE VIEW|TABLE} of a model: routed, it asked for the physical object's DDL — "is a
   * table, not a view" for a FULL model, an access denial naming venv's schema for a VIEW model's.
   * venv answers instead where a model's definition is; DESCRIBE still shows the columns.
   */
  @Test
  void showCreateOfAModelSaysWhereItsDefinitionIs() throws Exception {
    try (Connection dev = dev(); Statement s = dev.createStatement()) {
      for (String sql : List.of("SHOW CREATE VIEW " + revenue, "SHOW CREATE TABLE " + revenue,
          "show create view " + w.name("staging.stg_orders"), "SHOW CREATE TABLE iceberg." + devPhysical)) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
        assertEquals("0A000", e.getSQLState(), sql + ": " + e.getMessage());
        assertTrue(e.getMessage().startsWith("venv: SHOW CREATE of model "), sql + ": " + e.getMessage());
        assertTrue(e.getMessage().contains("venv show dev"), e.getMessage());
      }
      assertEquals(List.of("customer_id", "orders", "revenue"),
          Rows.of(dev, "DESCRIBE " + revenue).stream().map(r -> r.substring(0, r.indexOf('|'))).toList());
    }
  }

  @Test
  void aMissingEnvironmentWithoutModelsSaysSo() {
    SQLException e = assertThrows(SQLException.class, () -> w.connect("qa", null).close());
    assertEquals("08001", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains("models="), e.getMessage());
    SQLException never = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(w.url("qa", TrinoCluster.CLIENT, "", devModels) + "&create=never").close());
    assertTrue(never.getMessage().contains("create=never"), never.getMessage());
  }
}
