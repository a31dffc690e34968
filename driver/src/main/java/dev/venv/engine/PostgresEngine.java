package dev.venv.engine;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.venv.sql.SqlDialect;
import dev.venv.state.PhysicalName;
import dev.venv.state.StateLock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/** PostgreSQL, shared by many processes: advisory locks in the server. */
final class PostgresEngine extends Engine {
  static final String URL_PREFIX = "jdbc:postgresql:";
  private static final String DRIVER_CLASS = "org.postgresql.Driver";
  /** The name every engine's locks share in a database (see the constructor). */
  private static final String LOCK_SCOPE = "venv";
  /** What CREATE OR REPLACE VIEW answers when the columns cannot change in place. */
  private static final String INVALID_TABLE_DEFINITION = "42P16";

  private static final int POOL_SIZE = 16;
  /**
   * Creators and builds hold at most 4 + 8 of the pool's 16 connections (each needs exactly one),
   * so connects, state reads and the janitor always find one of the other 4.
   */
  private static final int CREATORS_AT_ONCE = 4;
  private static final int BUILDS_AT_ONCE = 8;

  private final StateLock lock;
  private final Driver driver;
  private final Properties properties;
  private final HikariDataSource pool;
  private final ConnectionBudget budget;
  private final boolean readOnly;
  private final String database;

  /**
   * @param properties the client's backend properties
   * @param owner      the owner's {@code user} and {@code password}, or {@code null} for one role
   */
  PostgresEngine(String url, Properties properties, Properties owner, Backends backends) throws SQLException {
    super(url);
    this.properties = properties;
    Properties merged = org.postgresql.Driver.parseURL(url, properties);
    Properties inUrl = org.postgresql.Driver.parseURL(url, new Properties());
    requireKnownSettings(inUrl == null ? new Properties() : inUrl);
    this.readOnly = isReadOnly(merged == null ? properties : merged);
    // PostgreSQL scopes advisory locks to the current database already. The URL must not name
    // them: the CLI's --url, a client's URL with user=... or ApplicationName=..., and the owner's
    // connections spell one database differently, and must still exclude each other.
    this.lock = new PostgresAdvisoryLock(LOCK_SCOPE);
    this.driver = BackendDrivers.find(DRIVER_CLASS, url);
    OwnerConnection ownerConnection = OwnerConnection.of(url, properties, owner);
    this.database = ownerConnection.database();
    // the budget belongs to the pool it rations: one per pool key
    this.budget = backends.budget(ownerConnection.poolKey(), () -> ConnectionBudget.of(CREATORS_AT_ONCE, BUILDS_AT_ONCE));
    try {
      // venv's own connections: one pool per database and connection properties, shared by the runtime's engines
      this.pool = backends.pool(ownerConnection.poolKey(),
          () -> newPool(ownerConnection.url(), ownerConnection.properties()));
    } catch (RuntimeException e) { // HikariCP fails fast when the server cannot be reached
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new SQLException("Cannot connect to " + Urls.redact(url) + (owner == null ? "" : " as the owner role "
          + owner.getProperty("user")) + ": " + cause.getMessage(),
          cause instanceof SQLException sql && sql.getSQLState() != null ? sql.getSQLState() : "08001", cause);
    }
  }

  private static HikariDataSource newPool(String url, Properties properties) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setDriverClassName(DRIVER_CLASS);
    config.setDataSourceProperties(properties);
    config.setPoolName("venv-" + Integer.toHexString(url.hashCode()));
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(0);
    config.setIdleTimeout(60_000);
    config.setConnectionTimeout(10_000);
    return new HikariDataSource(config);
  }

  /**
   * Creators of different environments make one physical schema ({@code venv__<schema>}) at once,
   * and PostgreSQL then fails all but one {@code IF NOT EXISTS} on its catalog's unique index
   * (23505) once the first commits: the schema exists, which is all the others wanted.
   */
  @Override
  public void createSchema(Connection c, String schema) throws SQLException {
    SQLException failed = Savepoints.attempt(c, () -> super.createSchema(c, schema));
    if (failed != null && !("23505".equals(failed.getSQLState()) && !existingSchemas(c, Set.of(schema)).isEmpty())) {
      throw failed;
    }
  }

  /** A pooled connection for venv's own work: state, builds, views. */
  @Override
  public Connection open() throws SQLException {
    try {
      return pool.getConnection();
    } catch (SQLException e) {
      if (pool.isClosed()) { // the runtime closed while this waited for a connection
        throw Backends.closedError(e);
      }
      throw e;
    }
  }

  /** A client's own session, never a pooled one: its settings and temporary objects are the client's. */
  @Override
  public Connection openForClient() throws SQLException {
    return Urls.accepted(driver.connect(url(), properties), "PostgreSQL", url());
  }

  @Override
  void release() {
    // the pool outlives the engine: the next connect reuses its connections
  }

  @Override
  public SqlDialect dialect() {
    return SqlDialect.POSTGRES;
  }

  @Override
  public boolean readOnly() {
    return readOnly;
  }

  @Override
  public String database() {
    return database;
  }

  /**
   * PgJDBC's {@code readOnly=true}, in the URL or the properties, as PgJDBC itself reads them:
   * every connection, venv's own too, runs read-only transactions.
   */
  /** Whether PgJDBC defines a setting of that name. */
  static boolean driverDefines(String name) {
    return org.postgresql.PGProperty.forName(name) != null;
  }

  private static boolean isReadOnly(Properties merged) {
    return "true".equalsIgnoreCase(merged.getProperty("readOnly", "").strip());
  }

  /**
   * Refuses settings in the URL that PgJDBC does not know, which it would ignore without a word: a
   * mistyped one ({@code sslmod=}, {@code modles=}) would otherwise go unnoticed. Properties it does
   * not know pass, as PgJDBC lets them: tools hand every driver a pool's whole property bag
   * (HikariCP's {@code dataSourceProperties} copied from a MySQL example, say); venv refuses only
   * near misses of its own options there.
   *
   * @param inUrl the URL's parameters, as PgJDBC reads them
   * @throws UnknownSettingException naming them
   */
  private static void requireKnownSettings(Properties inUrl) throws UnknownSettingException {
    java.util.List<String> unknown = new java.util.ArrayList<>();
    for (String key : new java.util.TreeSet<>(inUrl.stringPropertyNames())) {
      if (!driverDefines(key)) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw new UnknownSettingException("PostgreSQL's JDBC driver", unknown, null);
    }
  }

  @Override
  protected StateLock backendLock() {
    return lock;
  }

  @Override
  public ConnectionBudget budget() {
    return budget;
  }

  /**
   * {@code standard_conforming_strings} off, as PgJDBC tracks it from the server's reports (the
   * setting is one PostgreSQL reports on every change, whoever changed it).
   */
  @Override
  public String lexingMismatch(Connection c) throws SQLException {
    if (c.isWrapperFor(org.postgresql.core.BaseConnection.class)
        && c.unwrap(org.postgresql.core.BaseConnection.class).getStandardConformingStrings()) {
      return null;
    }
    return "standard_conforming_strings is off";
  }

  @Override
  public void restoreLexing(Connection c) throws SQLException {
    execute(c, "SET standard_conforming_strings = on");
  }

  @Override
  public int buildParallelism() {
    return 4;
  }

  @Override
  protected boolean backendTransactionalDdl() {
    return true;
  }

  @Override
  protected int ddlStatementsPerCall() {
    return 100;
  }

  /**
   * A WITH keeps the view from being automatically updatable: otherwise an UPDATE through the
   * environment's view, or through a user's view over it, would change a physical table other
   * environments share. PostgreSQL inlines the CTE, so reads plan as before (index scans too).
   */
  @Override
  public String environmentViewQuery(PhysicalName physical) {
    return "WITH snapshot AS (SELECT * FROM " + physical.quoted() + ") SELECT * FROM snapshot";
  }

  /**
   * In place where PostgreSQL allows it (the columns keep their names and types, in order), so a
   * user's view over this one keeps working and reads the new rows; otherwise, when nothing depends
   * on the view, drop and create in the caller's transaction, just as atomic. When something does,
   * PostgreSQL would refuse the drop: say which objects, and why the view cannot stay.
   */
  @Override
  public void replaceView(Connection c, PhysicalName name, String query) throws SQLException {
    SQLException inPlace = tryReplaceViewInPlace(c, name, query);
    if (inPlace == null) {
      return;
    }
    List<PhysicalName> dependents = viewDependents(c, List.of(name)).get(name);
    if (dependents != null) {
      throw ViewReplacementException.columnsChange(name, inPlace, dependents);
    }
    dropView(c, name);
    createView(c, name, query);
  }

  /** Under a savepoint, so that a refusal leaves the caller's transaction usable. */
  @Override
  public SQLException tryReplaceViewInPlace(Connection c, PhysicalName name, String query) throws SQLException {
    SQLException refused = Savepoints.attempt(c, () -> replaceViewInPlace(c, name, query));
    if (refused != null && !INVALID_TABLE_DEFINITION.equals(refused.getSQLState())) {
      throw refused; // not about the columns
    }
    return refused;
  }

  @Override
  public Map<PhysicalName, List<PhysicalName>> viewDependents(Connection c,
      Collection<PhysicalName> views) throws SQLException {
    return PostgresDependents.byView(c, views);
  }

  @Override
  public IsolationReport checkIsolation(Connection c, Collection<PhysicalName> environmentViews,
      String clientRole) throws SQLException {
    return PostgresIsolation.check(c, environmentViews, clientRole);
  }

  @Override
  public List<PhysicalName> dependents(Connection c, List<DropTarget> targets) throws SQLException {
    return PostgresDependents.of(c, targets);
  }

  /** PostgreSQL cannot read a client's file: the CSV is read here and inserted in batches. */
  @Override
  public void loadSeed(Connection c, PhysicalName name, Path csv) throws SQLException {
    CsvSeed seed = CsvSeed.read(csv);
    createSeedTable(c, name, seed);
    StringBuilder insert = new StringBuilder("INSERT INTO ").append(name.quoted()).append(" VALUES (");
    for (int i = 0; i < seed.columns().size(); i++) {
      insert.append(i == 0 ? "?" : ", ?").append("::").append(seed.types().get(i));
    }
    try (PreparedStatement ps = c.prepareStatement(insert.append(')').toString())) {
      int pending = 0;
      for (String[] row : seed.rows()) {
        for (int i = 0; i < row.length; i++) {
          ps.setString(i + 1, row[i] == null ? null : row[i].strip());
        }
        ps.addBatch();
        if (++pending == 1_000) {
          ps.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        ps.executeBatch();
      }
    }
  }

  @Override
  public void createEmptySeed(Connection c, PhysicalName name, Path csv) throws SQLException {
    createSeedTable(c, name, CsvSeed.read(csv));
  }

  private static void createSeedTable(Connection c, PhysicalName name, CsvSeed seed) throws SQLException {
    StringBuilder create = new StringBuilder("CREATE TABLE ").append(name.quoted()).append(" (");
    for (int i = 0; i < seed.columns().size(); i++) {
      create.append(i == 0 ? "" : ", ").append(quote(seed.columns().get(i))).append(' ').append(seed.types().get(i));
    }
    execute(c, create.append(')').toString());
  }

  @Override
  public int maxIdentifierLength() {
    return 63; // NAMEDATALEN - 1: PostgreSQL truncates longer names silently
  }

  /**
   * The session's search path as set, {@code "$user"} resolved to the user's schema where it exists
   * (dropped where not, as PostgreSQL skips it), other names kept even where they do not exist:
   * a model schema the environment holds may have no schema of that name (only its view schema).
   */
  @Override
  public java.util.List<String> sessionPath(Connection c) throws SQLException {
    try (java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery("SELECT pg_catalog.current_setting('search_path'),"
            + " CASE WHEN pg_catalog.to_regnamespace(pg_catalog.quote_ident(current_user)) IS NULL THEN NULL"
            + " ELSE current_user END")) {
      rs.next();
      String user = rs.getString(2);
      java.util.List<String> schemas = new java.util.ArrayList<>();
      for (String schema : SearchPathText.parse(rs.getString(1))) {
        if (!schema.equals("$user")) {
          schemas.add(schema);
        } else if (user != null) {
          schemas.add(user);
        }
      }
      return schemas;
    }
  }

  /** PgJDBC's {@code currentSchema} (URL or properties), a comma-separated search path. */
  @Override
  public java.util.List<String> startingSchemas(Connection client) {
    Properties merged = org.postgresql.Driver.parseURL(url(), properties);
    String current = merged == null ? null : merged.getProperty("currentSchema");
    if (current == null || current.isBlank()) {
      return java.util.List.of();
    }
    java.util.List<String> schemas = new java.util.ArrayList<>();
    for (String schema : SearchPathText.parse(current)) {
      schemas.add(schema);
    }
    return schemas;
  }

  /** Through set_config with a parameter: the names need no quoting in SQL text. */
  @Override
  public void setSessionPath(Connection c, java.util.List<String> schemas) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.set_config('search_path', ?, false)")) {
      ps.setString(1, SearchPathText.format(schemas));
      ps.execute();
    }
  }
}
