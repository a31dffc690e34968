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
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/** PostgreSQL, shared by many processes: advisory locks in the server. */
final class PostgresEngine extends Engine {
  static final String URL_PREFIX = "jdbc:postgresql:";
  private static final String DRIVER_CLASS = "org.postgresql.Driver";

  /** venv's own connections, one pool per server, database and user, shared by the engines of this JVM. */
  private static final Map<String, HikariDataSource> POOLS = new ConcurrentHashMap<>();
  /** What venv's long work may hold of each pool. */
  private static final Map<String, ConnectionBudget> BUDGETS = new ConcurrentHashMap<>();

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

  PostgresEngine(String url, Properties properties) throws SQLException {
    super(url);
    this.properties = properties;
    this.lock = StateLock.postgresAdvisory(url);
    this.driver = BackendDrivers.find(DRIVER_CLASS, url);
    String key = url + '\u0000' + properties.getProperty("user", "");
    this.budget = BUDGETS.computeIfAbsent(key, k -> ConnectionBudget.of(CREATORS_AT_ONCE, BUILDS_AT_ONCE));
    try {
      this.pool = POOLS.computeIfAbsent(key, k -> newPool(url, properties));
    } catch (RuntimeException e) { // HikariCP fails fast when the server cannot be reached
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new SQLException("Cannot connect to " + url + ": " + cause.getMessage(),
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

  /** A pooled connection for venv's own work: state, builds, views. */
  @Override
  public Connection open() throws SQLException {
    return pool.getConnection();
  }

  /** A client's own session, never a pooled one: its settings and temporary objects are the client's. */
  @Override
  public Connection openForClient() throws SQLException {
    Connection c = driver.connect(url(), properties);
    if (c == null) {
      throw new SQLException("The PostgreSQL driver did not accept " + url(), "08001");
    }
    return c;
  }

  @Override
  public void close() {
    // the pool outlives the engine: the next connect reuses its connections
  }

  @Override
  public SqlDialect dialect() {
    return SqlDialect.POSTGRES;
  }

  @Override
  public StateLock lock() {
    return lock;
  }

  @Override
  public ConnectionBudget budget() {
    return budget;
  }

  @Override
  public int buildParallelism() {
    return 4;
  }

  @Override
  public void replaceView(Connection c, PhysicalName name, String query) throws SQLException {
    // PostgreSQL's CREATE OR REPLACE VIEW refuses a changed column list; in the caller's
    // transaction, drop and create is just as atomic.
    dropView(c, name);
    createView(c, name, query);
  }

  /** PostgreSQL cannot read a client's file: the CSV is read here and inserted in batches. */
  @Override
  public void loadSeed(Connection c, PhysicalName name, Path csv) throws SQLException {
    CsvSeed seed = CsvSeed.read(csv);
    StringBuilder create = new StringBuilder("CREATE TABLE ").append(name.quoted()).append(" (");
    StringBuilder insert = new StringBuilder("INSERT INTO ").append(name.quoted()).append(" VALUES (");
    for (int i = 0; i < seed.columns().size(); i++) {
      create.append(i == 0 ? "" : ", ").append(quote(seed.columns().get(i))).append(' ').append(seed.types().get(i));
      insert.append(i == 0 ? "?" : ", ?").append("::").append(seed.types().get(i));
    }
    execute(c, create.append(')').toString());
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
  public int maxIdentifierLength() {
    return 63; // NAMEDATALEN - 1: PostgreSQL truncates longer names silently
  }
}
