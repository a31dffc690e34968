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
 * <p>Two roles, as README's "Team setup on PostgreSQL": {@link #perClassTwoRoles()} prepares the
 * fresh database so that what the test role ({@code venv}, the owner of venv's objects) creates is
 * readable by the client role {@code VENV_PG_READER_USER} ({@code venv_reader}, password
 * {@code VENV_PG_READER_PASSWORD}, default {@code venv_reader}), which owns a schema {@code scratch}
 * for its own objects and may do nothing else. {@code .ci/run} creates that role; without it these
 * tests skip (fail on CI) like the others.
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
  /** The client role of the two-role setup: logs in, owns {@code scratch}, reads venv's objects. */
  public static final String READER_USER = env("VENV_PG_READER_USER", "venv_reader");
  public static final String READER_PASSWORD = env("VENV_PG_READER_PASSWORD", "venv_reader");
  /** The client role's own schema in a two-role database. */
  public static final String SCRATCH = "scratch";

  private static final String PREFIX = "venv_test_";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();
  /** The databases of {@link #CREATED} where the client role may have sessions. */
  private static final Set<String> TWO_ROLES = ConcurrentHashMap.newKeySet();
  /** Why the server is unreachable, or "" when it answered; null before the first try. */
  private static volatile String unreachable;
  /** Why the client role cannot log in, or "" when it can; null before the first try. */
  private static volatile String readerUnreachable;

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

  private final boolean twoRoles;
  private volatile String url;

  private PostgresTestDatabase(boolean twoRoles) {
    this.twoRoles = twoRoles;
  }

  /** An extension that gives its test class one fresh database, made on first use. */
  public static PostgresTestDatabase perClass() {
    return new PostgresTestDatabase(false);
  }

  /**
   * An extension that gives its test class one fresh database set up for two roles: see
   * {@link #prepareTwoRoles(String)}. Skips (fails on CI) when the client role cannot log in.
   */
  public static PostgresTestDatabase perClassTwoRoles() {
    return new PostgresTestDatabase(true);
  }

  /** The JDBC URL of this test class's fresh database (created now if need be). */
  public String url() {
    String current = url;
    if (current == null) {
      synchronized (this) {
        current = url;
        if (current == null) {
          if (twoRoles) {
            assumeReaderAvailable();
          }
          current = freshDatabaseUrl();
          if (twoRoles) {
            prepareTwoRoles(current);
          }
          url = current;
        }
      }
    }
    return current;
  }

  /** A connection to this test class's fresh database, as the test role (the owner of venv's objects). */
  public Connection open() throws SQLException {
    return connect(url());
  }

  /** A plain PgJDBC connection to this test class's fresh database as the client role: no venv driver. */
  public Connection openAsReader() throws SQLException {
    assumeReaderAvailable();
    return rawConnect(url(), READER_USER, READER_PASSWORD);
  }

  /** {@code user} and {@code password} of the test role, the owner of venv's objects. */
  public static Properties ownerProperties() {
    return credentials(USER, PASSWORD);
  }

  /** {@code user} and {@code password} of the client role. */
  public static Properties readerProperties() {
    return credentials(READER_USER, READER_PASSWORD);
  }

  /**
   * Sets a fresh database up as README's team setup does, without a superuser: the test role
   * owns the database, so it may set its own default privileges (per database, which is why this
   * runs for each fresh one) and lend the client role CREATE on the database just long enough for
   * that role to create its {@code scratch} schema.
   */
  public static void prepareTwoRoles(String url) {
    String database = databaseName(url);
    TWO_ROLES.add(database);
    try (Connection owner = rawConnect(url); Statement s = owner.createStatement()) {
      s.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + USER + " GRANT USAGE ON SCHEMAS TO " + READER_USER);
      s.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + USER + " GRANT SELECT ON TABLES TO " + READER_USER);
      s.execute("GRANT CREATE ON DATABASE " + database + " TO " + READER_USER);
      try (Connection reader = rawConnect(url, READER_USER, READER_PASSWORD); Statement r = reader.createStatement()) {
        r.execute("CREATE SCHEMA " + SCRATCH);
      } finally {
        s.execute("REVOKE CREATE ON DATABASE " + database + " FROM " + READER_USER);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot set up the two roles " + USER + " and " + READER_USER + " in " + database
          + ": " + e.getMessage(), e);
    }
  }

  /** Skips the calling test (fails it on CI) when the client role cannot log in. */
  public static void assumeReaderAvailable() {
    assumeAvailable();
    String reason = readerUnreachable;
    if (reason == null) {
      synchronized (PostgresTestDatabase.class) {
        reason = readerUnreachable;
        if (reason == null) {
          reason = probe(READER_USER, READER_PASSWORD);
          readerUnreachable = reason;
          if (!reason.isEmpty() && !onCi()) {
            System.err.println(banner(READER_USER, reason));
          }
        }
      }
    }
    if (reason.isEmpty()) {
      return;
    }
    String message = "the client role " + READER_USER + " cannot log in to " + URL + ": " + reason;
    if (onCi()) {
      Assertions.fail(message + ". CI=" + System.getenv("CI") + ", so this fails instead of skipping;"
          + " .ci/run creates the role");
    }
    Assumptions.assumeTrue(false, "PostgreSQL two-role tests SKIPPED: " + message);
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
    if (TWO_ROLES.remove(name)) {
      // The owner may not end the client role's sessions (that takes pg_signal_backend), but a role
      // may end its own: sessions a test left open, or the pool venv keeps for a client without
      // owner credentials.
      try (Connection c = rawConnect(withDatabase(URL, name), READER_USER, READER_PASSWORD);
          Statement s = c.createStatement()) {
        s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
            + " AND usename = current_user AND pid <> pg_backend_pid()");
      }
    }
    try (Connection c = rawConnect(URL); Statement s = c.createStatement()) {
      for (int attempt = 1; ; attempt++) {
        try {
          s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
          return;
        } catch (SQLException e) {
          // A client-role session that just closed may still be exiting, and FORCE may not end
          // another role's session: waiting for the server process to go is the point here.
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
  }

  private static Connection rawConnect(String url) throws SQLException {
    return rawConnect(url, USER, PASSWORD);
  }

  private static Properties credentials(String user, String password) {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return properties;
  }

  private static Connection rawConnect(String url, String user, String password) throws SQLException {
    Properties properties = credentials(user, password);
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
    return probe(USER, PASSWORD);
  }

  private static String probe(String user, String password) {
    try (Connection c = rawConnect(URL, user, password); Statement s = c.createStatement()) {
      s.execute("SELECT 1");
      return "";
    } catch (SQLException e) {
      return e.getMessage() + " [SQLState " + e.getSQLState() + "]";
    }
  }

  private static String banner(String reason) {
    return banner(USER, reason);
  }

  private static String banner(String user, String reason) {
    String line = "*".repeat(100);
    return line + "\n*** PostgreSQL tests are SKIPPED: cannot connect to " + URL + " as " + user + "\n***   " + reason
        + "\n*** To run them, start a local server and create the test role and database, as CI does:"
        + "\n***   sudo bash .ci/run   (sets the server up, then runs the whole build; or by hand:"
        + "\n***   sudo pg_ctlcluster <version> main start, then the role/database steps in .ci/run)"
        + "\n*** or point VENV_PG_URL / VENV_PG_USER / VENV_PG_PASSWORD (and VENV_PG_READER_USER /"
        + " VENV_PG_READER_PASSWORD, the client role of the two-role tests) at a server of yours."
        + " With CI=true these tests fail instead.\n" + line;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
