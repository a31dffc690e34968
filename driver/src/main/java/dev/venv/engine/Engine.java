package dev.venv.engine;

import dev.venv.sql.SqlDialect;
import dev.venv.state.ConnectionSource;
import dev.venv.state.Identifiers;
import dev.venv.state.PhysicalName;
import dev.venv.state.SqlWork;
import dev.venv.state.StateLock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * One backend database as venv acts on it: connections, the SQL dialect, the DDL of building and
 * of the virtual layer, and the locks. The SQL here is what DuckDB and PostgreSQL share; a
 * subclass overrides only where they differ.
 */
public abstract class Engine implements ConnectionSource, AutoCloseable {
  private static final ConnectionBudget UNBOUNDED = ConnectionBudget.unbounded();

  private final String url;

  Engine(String url) {
    this.url = url;
  }

  /**
   * The engine for a backend JDBC URL ({@code jdbc:duckdb:...} or {@code jdbc:postgresql:...}).
   *
   * @throws SQLException SQLState {@code 08001} for a backend venv does not support
   */
  public static Engine forUrl(String url, Properties properties) throws SQLException {
    if (url.startsWith(DuckDbEngine.URL_PREFIX)) {
      return new DuckDbEngine(url, properties);
    }
    if (url.startsWith(PostgresEngine.URL_PREFIX)) {
      return new PostgresEngine(url, properties);
    }
    throw new SQLException("Unsupported backend URL '" + url
        + "': venv supports jdbc:duckdb:<file> and jdbc:postgresql://host/db", "08001");
  }

  /** The backend URL, {@code jdbc:...}. */
  public String url() {
    return url;
  }

  public abstract SqlDialect dialect();

  /** The lock that serializes state writers, environment creation and builds on this database. */
  public abstract StateLock lock();

  /** The longest identifier the backend keeps whole. */
  public int maxIdentifierLength() {
    return 255;
  }

  /** How many physical objects one creator builds at once. */
  public abstract int buildParallelism();

  /** How many connections venv's long work may hold at once on this backend in this JVM. */
  public ConnectionBudget budget() {
    return UNBOUNDED;
  }

  /**
   * Runs an environment creator's work on a connection of its own, within the {@linkplain #budget()
   * budget}: the creator does its locking and state work on it and needs no other.
   */
  public <T> T withCreatorConnection(Duration timeout, SqlWork<T> work) throws SQLException {
    return budget().asCreator(this, timeout, work);
  }

  /**
   * Runs one build on a connection of its own, within the {@linkplain #budget() budget}: the build
   * does its locking, DDL and state write on it and needs no other.
   */
  public <T> T withBuildConnection(Duration timeout, SqlWork<T> work) throws SQLException {
    return budget().asBuild(this, timeout, work);
  }

  /** A new connection to the backend, for venv's own work (state, builds, views). */
  @Override
  public abstract Connection open() throws SQLException;

  /** A new backend connection for a client of the driver: a session of its own. */
  public Connection openForClient() throws SQLException {
    return open();
  }

  /** Releases what the engine holds open (an embedded database file). */
  @Override
  public abstract void close() throws SQLException;

  public void createSchema(Connection c, String schema) throws SQLException {
    execute(c, "CREATE SCHEMA IF NOT EXISTS " + quote(schema));
  }

  /** Creates a table holding the query's result. */
  public void createTableAs(Connection c, PhysicalName name, String query) throws SQLException {
    execute(c, "CREATE TABLE " + name.quoted() + " AS " + query);
  }

  /** Creates a view over the query. */
  public void createView(Connection c, PhysicalName name, String query) throws SQLException {
    execute(c, "CREATE VIEW " + name.quoted() + " AS " + query);
  }

  /** Creates a view, or replaces the view of that name (the caller knows it is venv's). */
  public void replaceView(Connection c, PhysicalName name, String query) throws SQLException {
    execute(c, "CREATE OR REPLACE VIEW " + name.quoted() + " AS " + query);
  }

  public void dropView(Connection c, PhysicalName name) throws SQLException {
    execute(c, "DROP VIEW IF EXISTS " + name.quoted());
  }

  /** Drops a physical table or view; gone already is fine (the janitor is idempotent). */
  public void drop(Connection c, PhysicalName name, boolean view) throws SQLException {
    execute(c, "DROP " + (view ? "VIEW" : "TABLE") + " IF EXISTS " + name.quoted());
  }

  /** Drops an empty schema. */
  public void dropSchema(Connection c, String schema) throws SQLException {
    execute(c, "DROP SCHEMA IF EXISTS " + quote(schema));
  }

  /** venv's physical schemas ({@code venv__*}) in the backend. */
  public java.util.List<String> physicalSchemas(Connection c) throws SQLException {
    java.util.List<String> result = new java.util.ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT schema_name FROM information_schema.schemata"
        + " WHERE schema_name LIKE ? ESCAPE '!' ORDER BY schema_name")) {
      ps.setString(1, PhysicalName.SCHEMA_PREFIX.replace("_", "!_") + "%");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(rs.getString(1));
        }
      }
    }
    return result;
  }

  /** Creates a table holding a CSV file's rows (header row first). */
  public abstract void loadSeed(Connection c, PhysicalName name, Path csv) throws SQLException;

  /** Gives a table or view its final name, in its schema. */
  public void rename(Connection c, PhysicalName from, String to, boolean view) throws SQLException {
    execute(c, "ALTER " + (view ? "VIEW " : "TABLE ") + from.quoted() + " RENAME TO " + quote(to));
  }

  /** Whether a table or view of that name exists. */
  public boolean exists(Connection c, PhysicalName name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.tables"
        + " WHERE table_schema = ? AND table_name = ?")) {
      ps.setString(1, name.schema());
      ps.setString(2, name.table());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Which of these schemas exist. */
  public java.util.Set<String> existingSchemas(Connection c, Collection<String> schemas) throws SQLException {
    java.util.Set<String> result = new java.util.HashSet<>();
    if (schemas.isEmpty()) {
      return result;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT schema_name FROM information_schema.schemata"
        + " WHERE schema_name IN (" + "?" + ", ?".repeat(schemas.size() - 1) + ")")) {
      int i = 1;
      for (String schema : schemas) {
        ps.setString(i++, schema);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(rs.getString(1));
        }
      }
    }
    return result;
  }

  /** The objects of these schemas: schema.table → {@code TABLE} or {@code VIEW}. */
  public Map<PhysicalName, String> objects(Connection c, Collection<String> schemas) throws SQLException {
    Map<PhysicalName, String> result = new HashMap<>();
    if (schemas.isEmpty()) {
      return result;
    }
    String in = "?" + ", ?".repeat(schemas.size() - 1);
    try (PreparedStatement ps = c.prepareStatement("SELECT table_schema, table_name, table_type"
        + " FROM information_schema.tables WHERE table_schema IN (" + in + ")")) {
      int i = 1;
      for (String schema : schemas) {
        ps.setString(i++, schema);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String type = rs.getString(3);
          result.put(new PhysicalName(rs.getString(1), rs.getString(2)), type.contains("VIEW") ? "VIEW" : "TABLE");
        }
      }
    }
    return result;
  }

  static String quote(String identifier) {
    return Identifiers.quote(identifier);
  }

  static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
