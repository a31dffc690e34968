package dev.venv.state;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real PostgreSQL server, with one fresh empty database per test class; the state module's
 * small copy of {@code dev.venv.testing.PostgresTestDatabase} in the driver's tests.
 *
 * <p>Server from {@code VENV_PG_URL}, {@code VENV_PG_USER}, {@code VENV_PG_PASSWORD} (defaults:
 * {@code jdbc:postgresql://localhost:5432/venv_test}, {@code venv}, {@code venv}; the role needs
 * CREATEDB). Unreachable: the test is skipped, loudly, on a developer's machine, and fails when
 * {@code CI} is set. Usage:
 *
 * <pre>{@code
 * @RegisterExtension static final PostgresTestDatabase pg = new PostgresTestDatabase();
 * ... pg.url() ...   // creates the class's database on first use; dropped after the class
 * }</pre>
 */
final class PostgresTestDatabase implements AfterAllCallback {
  static final String URL = env("VENV_PG_URL", "jdbc:postgresql://localhost:5432/venv_test");
  static final String USER = env("VENV_PG_USER", "venv");
  static final String PASSWORD = env("VENV_PG_PASSWORD", "venv");

  /** Why the server is unreachable, "" when it answered, null before the first try. */
  private static String unreachable;

  private String name;

  /** This test class's empty database, created on first use. */
  synchronized String url() throws SQLException {
    if (name == null) {
      assumeAvailable();
      byte[] random = new byte[6];
      new SecureRandom().nextBytes(random);
      String fresh = "venv_test_" + HexFormat.of().formatHex(random);
      try (Connection c = connect(URL); Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + fresh);
      }
      name = fresh;
    }
    int slash = URL.indexOf('/', URL.indexOf("//") + 2);
    int query = URL.indexOf('?');
    return URL.substring(0, slash + 1) + name + (query < 0 ? "" : URL.substring(query));
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) throws SQLException {
    if (name != null) {
      try (Connection c = connect(URL); Statement s = c.createStatement()) {
        dropWaitingForOtherRoles(s, name);
      }
      name = null;
    }
  }

  /**
   * Drops the database, again while it fails with 42501: a session of the client role that just
   * closed may still be exiting, and FORCE may not end another role's session (seen once in CI).
   */
  private static void dropWaitingForOtherRoles(Statement s, String database) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        return;
      } catch (SQLException e) {
        if (!"42501".equals(e.getSQLState()) || attempt == 50) {
          throw e;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  static Connection connect(String url) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    properties.setProperty("password", PASSWORD);
    properties.setProperty("connectTimeout", "5");
    return new org.postgresql.Driver().connect(url, properties);
  }

  /** Skips the calling test (fails it when CI is set) when the server cannot be reached. */
  static synchronized void assumeAvailable() {
    boolean ci = System.getenv("CI") != null && !System.getenv("CI").isBlank()
        && !System.getenv("CI").equalsIgnoreCase("false");
    if (unreachable == null) {
      try (Connection c = connect(URL)) {
        unreachable = "";
      } catch (SQLException e) {
        unreachable = e.getMessage() + " [SQLState " + e.getSQLState() + "]";
        if (!ci) {
          System.err.println("*".repeat(100) + "\n*** PostgreSQL tests are SKIPPED: cannot connect to " + URL
              + " as " + USER + ": " + unreachable
              + "\n*** Start a local server and create role venv / database venv_test as .ci/run does"
              + " (sudo pg_ctlcluster <version> main start, then its psql steps),"
              + "\n*** or set VENV_PG_URL / VENV_PG_USER / VENV_PG_PASSWORD. With CI=true they fail instead.\n"
              + "*".repeat(100));
        }
      }
    }
    if (!unreachable.isEmpty()) {
      String message = "PostgreSQL at " + URL + " is unreachable: " + unreachable;
      if (ci) {
        Assertions.fail(message + " (CI is set, so this fails instead of skipping)");
      }
      Assumptions.assumeTrue(false, "PostgreSQL tests SKIPPED: " + message);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
