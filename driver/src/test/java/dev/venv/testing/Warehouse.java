package dev.venv.testing;

import dev.venv.engine.Engine;
import dev.venv.env.BuildProgress;
import dev.venv.env.Environments;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An empty warehouse on one backend for one test, and what a test asks of it: venv's
 * environments over it, raw queries, and connections through the driver.
 *
 * <p>Parameterize a test over {@link Backend} to run it on DuckDB and PostgreSQL alike. DuckDB: a
 * file in the test's folder. PostgreSQL: a fresh database per test (not per class), because the
 * driver caches what it learnt of a backend URL (routes, a migrated state) for the JVM's life.
 */
public final class Warehouse implements AutoCloseable {

  /** The backends venv runs on. */
  public enum Backend { DUCKDB, POSTGRES }

  private final Backend backend;
  private final String url;

  private Warehouse(Backend backend, String url) {
    this.backend = backend;
    this.url = url;
  }

  /** A new empty warehouse; PostgreSQL tests skip (fail on CI) when the server is away. */
  public static Warehouse open(Backend backend, Path dir) {
    return backend == Backend.DUCKDB
        ? new Warehouse(backend, "jdbc:duckdb:" + dir.resolve("warehouse.db"))
        : new Warehouse(backend, PostgresTestDatabase.freshDatabaseUrl());
  }

  public Backend backend() {
    return backend;
  }

  /** The backend's JDBC URL. */
  public String url() {
    return url;
  }

  /** User and password for the backend (none for DuckDB). */
  public Properties credentials() {
    Properties p = new Properties();
    if (backend == Backend.POSTGRES) {
      p.setProperty("user", PostgresTestDatabase.USER);
      p.setProperty("password", PostgresTestDatabase.PASSWORD);
    }
    return p;
  }

  /** The CLI's backend arguments: {@code --url} and, for PostgreSQL, the credentials. */
  public List<String> cliArguments() {
    List<String> args = new ArrayList<>(List.of("--url", url));
    if (backend == Backend.POSTGRES) {
      args.addAll(List.of("--user", PostgresTestDatabase.USER, "--password", PostgresTestDatabase.PASSWORD));
    }
    return args;
  }

  /** A CLI command line: {@code command} and then this warehouse's {@link #cliArguments()}. */
  public String[] cliCommand(String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(cliArguments());
    return args.toArray(String[]::new);
  }

  public Engine engine() throws SQLException {
    return Engine.forUrl(url, credentials());
  }

  /** venv's environments over this warehouse, with a lock timeout a test can wait out. */
  public Environments environments() throws SQLException {
    return Environments.open(engine(), BuildProgress.silent(), Duration.ofMinutes(2));
  }

  /** A connection to the backend itself, bypassing venv. */
  public Connection connect() throws SQLException {
    return backend == Backend.DUCKDB
        ? new org.duckdb.DuckDBDriver().connect(url, new Properties())
        : PostgresTestDatabase.connect(url);
  }

  /** Each model's rows through {@code jdbc:venv:env:}, sorted, by model: what two environments compare. */
  public Map<String, List<String>> sortedRows(String env, Collection<String> models)
      throws java.sql.SQLException {
    Map<String, List<String>> rows = new TreeMap<>();
    try (Connection c = connectThroughVenv(env, null)) {
      for (String model : models) {
        List<String> sorted = new ArrayList<>(Rows.of(c, "SELECT * FROM " + model));
        sorted.sort(null);
        rows.put(model, sorted);
      }
    }
    return rows;
  }

  /** A connection through the driver to {@code environment}, with the model repository for lazy creation. */
  public Connection connectThroughVenv(String environment, Path models) throws SQLException {
    Properties p = credentials();
    if (models != null) {
      p.setProperty("models", models.toString());
    }
    return DriverManager.getConnection("jdbc:venv:" + environment + ":" + url.substring("jdbc:".length()), p);
  }

  /** Every row of a query on the backend itself, each as its columns joined by '|'. */
  public List<String> rows(String sql) throws SQLException {
    try (Connection c = connect()) {
      return Rows.of(c, sql);
    }
  }

  /** Tables and views in venv's physical schemas, {@code schema.name}, sorted. */
  public TreeSet<String> physicalObjects() throws SQLException {
    return new TreeSet<>(rows("SELECT table_schema || '.' || table_name FROM information_schema.tables"
        + " WHERE table_schema LIKE 'venv\\_\\_%' ESCAPE '\\'"));
  }

  /** The SQL text of a view as the backend keeps it. */
  public String viewDefinition(String schema, String view) throws SQLException {
    List<String> rows = rows(backend == Backend.DUCKDB
        ? "SELECT sql FROM duckdb_views() WHERE schema_name = '" + schema + "' AND view_name = '" + view + "'"
        : "SELECT pg_get_viewdef('\"" + schema + "\".\"" + view + "\"'::regclass)");
    if (rows.size() != 1) {
      throw new AssertionError("No view " + schema + "." + view + " in " + url);
    }
    return rows.get(0);
  }

  @Override
  public void close() throws SQLException {
    if (backend == Backend.POSTGRES) {
      PostgresTestDatabase.dropDatabase(url);
    }
  }

  @Override
  public String toString() {
    return backend + " " + url;
  }
}
