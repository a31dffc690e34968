package dev.venv.testing;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real PostgreSQL server the tests run against, and a fresh empty database per test class.
 *
 * <p>The server is named by environment variables, with defaults that match {@code .ci/run}:
 * {@code VENV_PG_URL} ({@code jdbc:postgresql://localhost:5432/venv_test}), {@code VENV_PG_USER}
 * ({@code venv}) and {@code VENV_PG_PASSWORD} ({@code venv}). The role needs {@code CREATEDB}.
 *
 * <p>When the server cannot be reached, a test that asks for it is <em>skipped</em> on a
 * developer's machine (with a loud line on stderr saying how to start it), but <em>fails</em> when
 * the environment variable {@code CI} is set: CI must never go green by skipping PostgreSQL.
 *
 * <p>Usage — one fresh database for the test class, dropped after its last test:
 *
 * <pre>{@code
 * class PostgresEngineTest {
 *   @RegisterExtension static final PostgresTestDatabase pg = PostgresTestDatabase.perClass();
 *
 *   @Test void something() throws SQLException {
 *     try (Connection c = pg.connect()) {   // skips (or fails on CI) when the server is down
 *       ...
 *     }
 *     String url = pg.url();                // e.g. for jdbc:venv:dev:postgresql://localhost:5432/venv_test_1a2b…
 *   }
 * }
 * }</pre>
 *
 * <p>The database is created on first use, so a parameterized test over DuckDB and PostgreSQL
 * still runs its DuckDB cases when PostgreSQL is away. Without the extension: {@link #connect()}
 * opens the shared database {@code venv_test} as it is; {@link #freshDatabaseUrl()} creates a new
 * empty database and {@link #dropDatabase(String)} removes it (any left behind are dropped when the
 * JVM exits).
 */
public final class PostgresTestDatabase implements AfterAllCallback {
  /** JDBC URL of the database the test role owns and connects to first. */
  public static final String URL = env("VENV_PG_URL", "jdbc:postgresql://localhost:5432/venv_test");
  public static final String USER = env("VENV_PG_USER", "venv");
  public static final String PASSWORD = env("VENV_PG_PASSWORD", "venv");

  private static final String PREFIX = "venv_test_";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();
  /** Why the server is unreachable, or "" when it answered; null before the first try. */
  private static volatile String unreachable;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (String name : CREATED) {
        try {
          drop(name);
        } catch (SQLException ignored) {
          // The JVM is going away; a database left behind is only litter.
        }
      }
    }, "drop-test-databases"));
  }

  private volatile String url;

  private PostgresTestDatabase() {}

  /** An extension that gives its test class one fresh database, made on first use. */
  public static PostgresTestDatabase perClass() {
    return new PostgresTestDatabase();
  }

  /** The JDBC URL of this test class's fresh database (created now if need be). */
  public String url() {
    String current = url;
    if (current == null) {
      synchronized (this) {
        current = url;
        if (current == null) {
          current = freshDatabaseUrl();
          url = current;
        }
      }
    }
    return current;
  }

  /** A connection to this test class's fresh database. */
  public Connection open() throws SQLException {
    return connect(url());
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    String current = url;
    url = null;
    if (current != null) {
      dropDatabase(current);
    }
  }

  /** True when running on CI, where an unreachable server fails the test instead of skipping it. */
  public static boolean onCi() {
    String ci = System.getenv("CI");
    return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
  }

  /** Skips the calling test (fails it on CI) when the server cannot be reached. */
  public static void assumeAvailable() {
    String reason = unreachable;
    if (reason == null) {
      synchronized (PostgresTestDatabase.class) {
        reason = unreachable;
        if (reason == null) {
          reason = probe();
          unreachable = reason;
          if (!reason.isEmpty() && !onCi()) {
            System.err.println(banner(reason));
          }
        }
      }
    }
    if (reason.isEmpty()) {
      return;
    }
    String message = "PostgreSQL at " + URL + " (user " + USER + ") is unreachable: " + reason;
    if (onCi()) {
      Assertions.fail(message + ". CI=" + System.getenv("CI") + ", so this fails instead of skipping;"
          + " .ci/run starts the server and creates the role and database");
    }
    Assumptions.assumeTrue(false, "PostgreSQL tests SKIPPED: " + message);
  }

  /** A connection to {@link #URL}, the shared test database. */
  public static Connection connect() throws SQLException {
    return connect(URL);
  }

  /** A connection as the test role to {@code url}; skips or fails as {@link #assumeAvailable()}. */
  public static Connection connect(String url) throws SQLException {
    assumeAvailable();
    return rawConnect(url);
  }

  /** Creates an empty database owned by the test role and returns its JDBC URL. */
  public static String freshDatabaseUrl() {
    assumeAvailable();
    String name = PREFIX + HexFormat.of().formatHex(bytes());
    try (Connection c = rawConnect(URL); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create test database " + name + " (the role " + USER
          + " needs CREATEDB: ALTER ROLE " + USER + " CREATEDB): " + e.getMessage(), e);
    }
    CREATED.add(name);
    return withDatabase(URL, name);
  }

  /** Drops a database made by {@link #freshDatabaseUrl()}, closing any session still on it. */
  public static void dropDatabase(String url) throws SQLException {
    String name = databaseName(url);
    if (!name.startsWith(PREFIX)) {
      throw new IllegalArgumentException("Refusing to drop " + name + ": not a fresh test database");
    }
    drop(name);
    CREATED.remove(name);
  }

  /** The database part of a PostgreSQL JDBC URL. */
  public static String databaseName(String url) {
    int hosts = url.indexOf("//");
    int slash = url.indexOf('/', hosts < 0 ? 0 : hosts + 2);
    if (slash < 0) {
      throw new IllegalArgumentException("No database in " + url);
    }
    int query = url.indexOf('?', slash);
    return url.substring(slash + 1, query < 0 ? url.length() : query);
  }

  /** {@code url} with its database replaced by {@code database}, keeping host, port and options. */
  public static String withDatabase(String url, String database) {
    int hosts = url.indexOf("//");
    int slash = url.indexOf('/', hosts < 0 ? 0 : hosts + 2);
    int query = url.indexOf('?');
    if (slash < 0 || (query >= 0 && query < slash)) {
      int end = query < 0 ? url.length() : query;
      return url.substring(0, end) + '/' + database + url.substring(end);
    }
    return url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
  }

  private static byte[] bytes() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static void drop(String name) throws SQLException {
    try (Connection c = rawConnect(URL); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  private static Connection rawConnect(String url) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    properties.setProperty("password", PASSWORD);
    // Fail fast when nothing listens, rather than hang a test run.
    properties.setProperty("connectTimeout", "5");
    properties.setProperty("loginTimeout", "10");
    Connection connection = new org.postgresql.Driver().connect(url, properties);
    if (connection == null) {
      throw new SQLException("Not a PostgreSQL JDBC URL: " + url, "08001");
    }
    return connection;
  }

  private static String probe() {
    try (Connection c = rawConnect(URL); Statement s = c.createStatement()) {
      s.execute("SELECT 1");
      return "";
    } catch (SQLException e) {
      return e.getMessage() + " [SQLState " + e.getSQLState() + "]";
    }
  }

  private static String banner(String reason) {
    String line = "*".repeat(100);
    return line + "\n*** PostgreSQL tests are SKIPPED: cannot connect to " + URL + " as " + USER + "\n***   " + reason
        + "\n*** To run them, start a local server and create the test role and database, as CI does:"
        + "\n***   sudo bash .ci/run   (sets the server up, then runs the whole build; or by hand:"
        + "\n***   sudo pg_ctlcluster <version> main start, then the role/database steps in .ci/run)"
        + "\n*** or point VENV_PG_URL / VENV_PG_USER / VENV_PG_PASSWORD at a server of yours."
        + " With CI=true these tests fail instead.\n" + line;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
