package dev.venv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.engine.BackendErrors;
import dev.venv.testing.Rows;
import dev.venv.testing.TrinoCluster;
import dev.venv.testing.TrinoWarehouse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10's acceptance on the real cluster ({@code examples/trino/start}): prod and dev of a model
 * repository created by the CLI on Trino with the state in PostgreSQL, one SQL text reading prod's
 * and dev's rows through two URLs as the client user, writes refused (by the driver, and by Trino's
 * access control for a session that bypasses it), promotion swapping pointers.
 *
 * <p>A repository of its own rather than examples/shop (which {@code TrinoShopTest} builds in a
 * catalog of its own), whose schemas carry a prefix per run, so runs on one cluster never meet; the
 * run's objects are dropped at the end.
 */
class TrinoEndToEndTest {
  @TempDir Path dir;
  private TrinoWarehouse w;
  private String prefix;

  @BeforeEach
  void cluster() {
    w = TrinoWarehouse.open('t');
    prefix = w.prefix();
  }

  @AfterEach
  void dropTheRunsObjects() throws SQLException {
    if (w != null) {
      w.close();
    }
  }

  private Path repository(Path root, boolean completedOnly) {
    return w.shop(root, completedOnly);
  }

  private List<String> backend() {
    return w.cliBackend();
  }

  private CliRun cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(backend());
    long start = System.nanoTime();
    CliRun run = CliRun.of(all.toArray(String[]::new));
    System.err.printf("[trino e2e] venv %s: exit %d in %d ms%n", String.join(" ", args), run.exitCode(),
        (System.nanoTime() - start) / 1_000_000);
    assertEquals(0, run.exitCode(), run.out() + run.err());
    return run;
  }

  /** A client's URL: the client user reads; venv's own work (none here: the environments exist) would run as venv. */
  private String url(String env) {
    return "jdbc:venv:" + env + ":" + w.backendPart() + "?user=" + TrinoCluster.CLIENT + "&" + w.stateOptions();
  }

  @Test
  void prodAndDevOnTrinoThroughTheCliAndTheDriver() throws Exception {
    Path prodModels = repository(dir.resolve("prod"), false);
    Path devModels = repository(dir.resolve("dev"), true);
    cli("create", "prod", "--models", prodModels.toString());
    CliRun plan = cli("plan", "dev", "--models", devModels.toString(), "--json");
    assertTrue(plan.out().contains(prefix + "_marts.customer_revenue"), plan.out());
    cli("create", "dev", "--models", devModels.toString());
    CliRun show = cli("show", "dev", "--json");
    assertTrue(show.out().contains(prefix + "_marts.top_customers"), show.out());

    String sql = "SELECT customer_id, orders, revenue FROM " + prefix + "_marts.customer_revenue ORDER BY customer_id";
    List<String> prod = read(url("prod"), sql);
    List<String> dev = read(url("dev"), sql);
    assertEquals(List.of("1|2|30.50", "2|2|13.00", "3|1|30.00"), prod);
    assertEquals(List.of("1|1|10.50", "2|1|5.25", "3|1|30.00"), dev, "dev counts completed orders only");
    // the views, for a client that bypasses the driver, say the same
    try (Connection raw = TrinoCluster.connect(TrinoCluster.CLIENT)) {
      assertEquals(dev, Rows.of(raw, sql.replace(prefix + "_marts.", prefix + "_marts__dev.")));
      assertEquals(prod, Rows.of(raw, sql));
    }
    // dev shares prod's seed and view, and built its two marts
    try (Connection c = TrinoCluster.connect(TrinoCluster.OWNER)) {
      assertEquals(List.of("6"), Rows.of(c, "SELECT count(*) FROM iceberg.information_schema.tables"
          + " WHERE table_schema LIKE 'venv\\_\\_" + prefix + "%' ESCAPE '\\'"), "4 of prod + 2 of dev");
    }

    // writes to a model are refused by the driver, before Trino sees them
    try (Connection c = DriverManager.getConnection(url("dev")); Statement s = c.createStatement()) {
      for (String write : List.of("INSERT INTO " + prefix + "_marts.customer_revenue VALUES (9, 1, 1)",
          "DELETE FROM " + prefix + "_marts.top_customers", "DROP TABLE " + prefix + "_marts.top_customers",
          "ALTER TABLE " + prefix + "_marts.top_customers EXECUTE optimize")) {
        SQLException refused = assertThrows(SQLException.class, () -> s.execute(write), write);
        assertEquals("42501", refused.getSQLState(), write + ": " + refused.getMessage());
      }
      // Trino's own ways of writing, spelled as Trino takes them
      String m = prefix + "_marts";
      for (String write : List.of("TRUNCATE TABLE " + m + ".customer_revenue",
          "UPDATE " + m + ".customer_revenue SET orders = 0",
          "MERGE INTO " + m + ".customer_revenue t USING (VALUES 1) AS v(x) ON false"
              + " WHEN NOT MATCHED THEN INSERT VALUES (1, 1, 1)",
          "COMMENT ON TABLE " + m + ".customer_revenue IS 'x'",
          "CREATE OR REPLACE VIEW " + m + ".top_customers AS SELECT 1 AS x",
          "ALTER TABLE " + m + ".customer_revenue EXECUTE expire_snapshots(retention_threshold => '0s')",
          "ALTER TABLE iceberg." + m + ".customer_revenue SET PROPERTIES format = 'ORC'",
          "INSERT INTO iceberg.\"" + m + "__dev\".\"customer_revenue\" VALUES (9, 1, 1)",
          "DELETE FROM \"ICEBERG\".\"" + m.toUpperCase(java.util.Locale.ROOT) + "\".CUSTOMER_REVENUE")) {
        SQLException refused = assertThrows(SQLException.class, () -> s.execute(write), write);
        assertEquals("42501", refused.getSQLState(), write + ": " + refused.getMessage());
      }
      for (String hidden : List.of("EXECUTE IMMEDIATE 'DELETE FROM " + m + ".customer_revenue'",
          "CALL iceberg.system.rollback_to_snapshot('venv__" + m + "', 'x', 1)")) {
        SQLException refused = assertThrows(SQLException.class, () -> s.execute(hidden), hidden);
        assertTrue(List.of("42501", "42000").contains(refused.getSQLState()), hidden + ": " + refused.getSQLState()
            + " " + refused.getMessage());
      }
      // what the driver passes on and Trino's access control denies: errorCode 4, mapped to 42501
      SQLException denied = assertThrows(SQLException.class, () -> s.execute("CREATE SCHEMA " + prefix + "_mine"));
      assertEquals("42501", denied.getSQLState(), denied.getMessage());
      assertEquals(List.of("3"), Rows.of(c, "SELECT count(*) FROM " + prefix + "_marts.customer_revenue"),
          "the statement stays usable, nothing changed");
      // a bare name under the session's schema reads the environment's model
      s.execute("USE " + prefix + "_marts");
      assertEquals(prefix + "_marts", c.getSchema());
      assertEquals(dev, Rows.of(c, "SELECT customer_id, orders, revenue FROM customer_revenue ORDER BY customer_id"));
      // and metadata shows the environment's models under their logical names
      List<String> tables = new ArrayList<>();
      try (java.sql.ResultSet rs = c.getMetaData().getTables(null, prefix + "_marts", "%", null)) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME") + " " + rs.getString("TABLE_TYPE"));
        }
      }
      assertEquals(List.of(prefix + "_marts.customer_revenue TABLE", prefix + "_marts.top_customers TABLE"), tables);
    }
    // a session that bypasses the driver is stopped by Trino itself, on the physical tables too
    List<String> physical;
    try (Connection c = TrinoCluster.connect(TrinoCluster.OWNER)) {
      physical = Rows.of(c, "SELECT table_name FROM iceberg.information_schema.tables WHERE table_schema = 'venv__"
          + prefix + "_marts' AND table_name LIKE '%customer\\_revenue%' ESCAPE '\\'");
    }
    assertEquals(2, physical.size(), physical::toString);
    try (Connection raw = TrinoCluster.connect(TrinoCluster.CLIENT); Statement s = raw.createStatement()) {
      SQLException denied = assertThrows(SQLException.class,
          () -> s.execute("DELETE FROM \"venv__" + prefix + "_marts\".\"" + physical.get(0) + "\""));
      assertEquals(4, denied.getErrorCode(), denied.getMessage());
      assertEquals("42501", BackendErrors.trinoSqlState(denied.getErrorCode()));
    }

    // venv doctor asks Trino, as the client's user, what it would let it do
    CliRun doctor = cli("doctor", "--client-role", TrinoCluster.CLIENT, "--json");
    assertTrue(doctor.out().contains("\"client_cannot_write\""), doctor.out());
    List<String> asOwner = new ArrayList<>(List.of("doctor", "--client-role", TrinoCluster.OWNER));
    asOwner.addAll(backend());
    CliRun ownerAsClient = CliRun.of(asOwner.toArray(String[]::new));
    assertEquals(1, ownerAsClient.exitCode(), ownerAsClient.out() + ownerAsClient.err());
    assertTrue(ownerAsClient.out().contains("client_is_not_owner") || ownerAsClient.out().contains("is the user venv"),
        ownerAsClient.out());

    cli("promote", "dev", "--to", "prod");
    assertEquals(dev, read(url("prod"), sql), "prod now holds dev's snapshots");
    try (Connection raw = TrinoCluster.connect(TrinoCluster.CLIENT)) {
      assertEquals(dev, Rows.of(raw, sql), "and prod's views were swapped");
    }
    cli("invalidate", "dev");
    CliRun janitor = cli("janitor", "--ignore-ttl", "--json");
    assertTrue(janitor.out().contains("\"dev\""), janitor.out());
    assertNotEquals("", janitor.out());
    assertEquals(dev, read(url("prod"), sql), "prod intact after the janitor");
  }

  @Test
  void aTrinoUrlWithoutAStateDatabaseIsRefused() {
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:venv:prod:"
        + TrinoCluster.URL.substring(5) + "?user=" + TrinoCluster.CLIENT));
    assertEquals("08001", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains("state="), e.getMessage());
    CliRun run = CliRun.of("list", "--url", TrinoCluster.URL, "--user", TrinoCluster.OWNER);
    assertEquals(1, run.exitCode(), run.err());
    assertTrue(run.err().contains("08001"), run.err());
  }

  private static List<String> read(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url)) {
      return Rows.of(c, sql);
    }
  }
}
