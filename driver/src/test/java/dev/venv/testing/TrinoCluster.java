package dev.venv.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Trino cluster the Trino tests run against: {@code examples/trino/start} (a coordinator
 * and a worker, Iceberg in the local PostgreSQL, file-based access control from
 * {@code examples/trino/rules.json}).
 *
 * <p>Named by {@code VENV_TRINO_URL} (default {@code jdbc:trino://127.0.0.1:18080/iceberg}); venv's
 * own work runs as {@code VENV_TRINO_USER} ({@code venv}, which the rules let do everything), a
 * client as {@code VENV_TRINO_CLIENT_USER} ({@code analyst}: may read, and write only in
 * {@code scratch}). When the cluster does not answer, a test that asks for it is skipped with a loud
 * line on stderr, and fails when {@code CI} is set, as {@link PostgresTestDatabase} does.
 */
public final class TrinoCluster {
  public static final String URL = env("VENV_TRINO_URL", "jdbc:trino://127.0.0.1:18080/iceberg");
  public static final String OWNER = env("VENV_TRINO_USER", "venv");
  public static final String CLIENT = env("VENV_TRINO_CLIENT_USER", "analyst");
  /**
   * The PostgreSQL database of the cluster's Iceberg catalog, as {@code examples/trino/start} takes it
   * ({@code VENV_TRINO_CATALOG_URL}, {@code _USER}, {@code _PASSWORD}): where every commit of a table
   * or view is recorded.
   */
  public static final String CATALOG_URL = env("VENV_TRINO_CATALOG_URL", "jdbc:postgresql://localhost:5432/venv_trino");

  /** Why the cluster is unreachable, or "" when it answered; null before the first try. */
  private static volatile String unreachable;

  private TrinoCluster() {}

  /** Skips the calling test (fails it on CI) when the cluster does not answer. */
  public static void assumeAvailable() {
    String reason = unreachable;
    if (reason == null) {
      synchronized (TrinoCluster.class) {
        reason = unreachable;
        if (reason == null) {
          reason = probe();
          unreachable = reason;
          if (!reason.isEmpty() && !PostgresTestDatabase.onCi()) {
            System.err.println("\n" + "=".repeat(100) + "\n  TRINO TESTS SKIPPED: " + URL + " does not answer ("
                + reason + ").\n  Start the cluster with examples/trino/start (about a minute), or set VENV_TRINO_URL.\n"
                + "=".repeat(100) + "\n");
          }
        }
      }
    }
    if (reason.isEmpty()) {
      return;
    }
    String message = "Trino at " + URL + " does not answer: " + reason;
    if (PostgresTestDatabase.onCi()) {
      Assertions.fail(message + ". CI=" + System.getenv("CI") + ", so this fails instead of skipping;"
          + " start the cluster with examples/trino/start");
    }
    Assumptions.assumeTrue(false, "Trino tests SKIPPED: " + message);
  }

  private static String probe() {
    try (Connection c = connect(OWNER); Statement s = c.createStatement()) {
      s.executeQuery("SELECT 1").close();
      return "";
    } catch (SQLException | RuntimeException e) {
      return e.getMessage();
    }
  }

  /** A plain trino-jdbc connection to {@link #URL} as {@code user}: a session that bypasses venv. */
  public static Connection connect(String user) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    return DriverManager.getConnection(URL, properties);
  }

  /** Rows of a query on the Iceberg catalog's database ({@link #CATALOG_URL}), each as its columns joined by '|'. */
  public static List<String> icebergCatalogRows(String sql) throws SQLException {
    try (Connection c = icebergCatalogConnection()) {
      return Rows.of(c, sql);
    }
  }

  /** A connection to the Iceberg catalog's database ({@link #CATALOG_URL}). */
  public static Connection icebergCatalogConnection() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", env("VENV_TRINO_CATALOG_USER", "venv"));
    properties.setProperty("password", env("VENV_TRINO_CATALOG_PASSWORD", "venv"));
    return DriverManager.getConnection(CATALOG_URL, properties);
  }

  /**
   * A prefix for one test's schemas: {@code letter} and 6 random hex digits. Each test keeps its
   * state in a database of its own, and a warehouse admits one state database (its claim in
   * {@code venv_claim.state}): tests run one at a time, so each starts by taking the catalog over
   * from the one before.
   */
  public static String runPrefix(char letter) {
    releaseClaim("iceberg");
    return prefix(letter);
  }

  /** Forgets which state database holds {@code catalog}'s venv objects: the next test's state takes it. */
  public static void releaseClaim(String catalog) {
    try (Connection c = connect(OWNER); Statement s = c.createStatement()) {
      if (!Rows.of(c, "SELECT schema_name FROM " + catalog + ".information_schema.schemata"
          + " WHERE schema_name = 'venv_claim'").isEmpty()) {
        s.execute("DROP TABLE IF EXISTS " + catalog + ".venv_claim.state");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot release the claim on Trino's catalog " + catalog + ": " + e.getMessage(), e);
    }
  }

  private static String prefix(char letter) {
    byte[] bytes = new byte[3];
    new java.security.SecureRandom().nextBytes(bytes);
    return letter + java.util.HexFormat.of().formatHex(bytes);
  }

  /** Drops every table, view and schema whose schema name holds {@code prefix}: one run's objects. */
  public static void dropObjectsOf(String prefix) throws SQLException {
    try (Connection c = connect(OWNER); Statement s = c.createStatement()) {
      java.util.List<String[]> objects = new java.util.ArrayList<>();
      for (String row : Rows.of(c, "SELECT table_schema || '|' || table_name || '|' || table_type"
          + " FROM iceberg.information_schema.tables WHERE table_schema LIKE '%" + prefix + "%'")) {
        objects.add(row.split("\\|"));
      }
      for (String[] o : objects) {
        s.execute("DROP " + (o[2].contains("VIEW") ? "VIEW" : "TABLE") + " IF EXISTS iceberg.\"" + o[0] + "\".\""
            + o[1] + "\"");
      }
      for (String schema : Rows.of(c, "SELECT schema_name FROM iceberg.information_schema.schemata"
          + " WHERE schema_name LIKE '%" + prefix + "%'")) {
        s.execute("DROP SCHEMA IF EXISTS iceberg.\"" + schema + "\"");
      }
    }
  }

  /**
   * {@link #URL} with {@code catalog} in place of its own: one of the cluster's catalogs that a run
   * takes whole ({@code fuzz}, {@code shop}) because its schema names are fixed.
   */
  public static String catalogUrl(String catalog) {
    int query = URL.indexOf('?');
    String path = query < 0 ? URL : URL.substring(0, query);
    return path.substring(0, path.lastIndexOf('/') + 1) + catalog + (query < 0 ? "" : URL.substring(query));
  }

  /**
   * Drops every table, view and schema of {@code catalog} (the claim of the last run's state
   * database on it too): what a run, or a killed one, left in a catalog it takes whole.
   */
  public static void emptyCatalog(Connection raw, String catalog) throws SQLException {
    try (Statement s = raw.createStatement()) {
      for (String row : Rows.of(raw, "SELECT table_schema || '|' || table_name || '|' || table_type FROM "
          + catalog + ".information_schema.tables WHERE table_schema NOT IN ('information_schema', 'system')")) {
        String[] o = row.split("\\|");
        s.execute("DROP " + (o[2].contains("VIEW") ? "VIEW" : "TABLE") + " IF EXISTS " + catalog + "." + quote(o[0])
            + "." + quote(o[1]));
      }
      for (String schema : Rows.of(raw, "SELECT schema_name FROM " + catalog + ".information_schema.schemata"
          + " WHERE schema_name NOT IN ('information_schema', 'system')")) {
        s.execute("DROP SCHEMA IF EXISTS " + catalog + "." + quote(schema));
      }
    }
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
