package dev.venv.engine;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The backends one runtime holds open — a driver instance's, a data source's, a CLI command's:
 * venv's PostgreSQL connection pools and their budgets, and the open DuckDB databases. Engines
 * made here share them; {@link #close()} closes them, with the pools' threads.
 *
 * <p>Nothing here is static: two runtimes in one JVM share no pool or handle. (DuckDB itself opens
 * a file once per process, so two runtimes on one file reach one database, and share its writers'
 * locks: {@link DuckDbFileLocks}.)
 */
public final class Backends implements AutoCloseable {
  /** Guarded by itself, with {@link #closed}. */
  private final Map<String, HikariDataSource> pools = new java.util.HashMap<>();
  private final Map<String, ConnectionBudget> budgets = new ConcurrentHashMap<>();
  private final DuckDbDatabases duckDb = new DuckDbDatabases();
  private volatile boolean closed;

  /**
   * The engine for a backend JDBC URL ({@code jdbc:duckdb:...} or {@code jdbc:postgresql:...}),
   * where venv's own work (state, builds, views, locks) connects with {@code owner}'s credentials
   * and a client's session with {@code client}'s: on PostgreSQL this lets venv's objects belong to
   * a role the client is not, so that the database itself refuses the client's writes to them.
   * Closing the engine releases what it took; the backends stay open until {@link #close()}.
   *
   * @param client the backend properties of a client's session (user, password, anything else)
   * @param owner  {@code user} and {@code password} of the role venv works as, which replace the
   *               client's in venv's connections; {@code null} when venv works as the client's role
   * @throws SQLException SQLState {@code 08001} for a backend venv does not support, {@code 0A000}
   *                      for owner credentials on a backend without roles (DuckDB), {@code 08003}
   *                      once closed
   */
  public Engine engine(String url, Properties client, Properties owner) throws SQLException {
    return engine(url, client, owner, null);
  }

  /**
   * {@link #engine(String, Properties, Properties)} with venv's state, locks and compare-and-set in
   * {@code state} rather than in the backend ({@code null}: in the backend). The state database is
   * reached before the backend is opened, so an unreachable one leaves nothing behind (a DuckDB
   * file is created by opening it).
   *
   * @throws SQLException SQLState {@code 08001} (or the server's) when the state database cannot be
   *                      reached, naming it
   */
  public Engine engine(String url, Properties client, Properties owner, StateLocation state) throws SQLException {
    if (state == null && url.startsWith(TrinoEngine.URL_PREFIX)) {
      throw new SQLException("Trino has no multi-statement transactions, so venv keeps its state, locks and"
          + " compare-and-set for a Trino warehouse in a PostgreSQL database: give option state=" + StateLocation.FORM
          + " (with state_user, state_password; the CLI's --state)", "08001");
    }
    if (state == null) {
      return backendEngine(url, client, owner);
    }
    PostgresEngine stateEngine;
    try {
      stateEngine = new PostgresEngine(state.url(), state.properties(), null, this);
      stateEngine.open().close();
    } catch (SQLException e) {
      if ("08003".equals(e.getSQLState())) {
        throw e;
      }
      throw new SQLException("Cannot reach venv's state database (option state) " + state + ": " + e.getMessage(),
          e.getSQLState() == null ? "08001" : e.getSQLState(), e);
    }
    Engine engine = backendEngine(url, client, owner);
    engine.keepStateIn(new SeparateState(stateEngine));
    return engine;
  }

  private Engine backendEngine(String url, Properties client, Properties owner) throws SQLException {
    requireOpen();
    if (url.startsWith(DuckDbEngine.URL_PREFIX)) {
      if (owner != null) {
        throw new SQLException("DuckDB has no roles or privileges: owner credentials (owner_user, owner_password)"
            + " apply to PostgreSQL only; on DuckDB the driver alone keeps environments apart", "0A000");
      }
      return new DuckDbEngine(url, client, duckDb);
    }
    if (url.startsWith(PostgresEngine.URL_PREFIX)) {
      return new PostgresEngine(url, client, owner, this);
    }
    if (url.startsWith(TrinoEngine.URL_PREFIX)) {
      return new TrinoEngine(url, client, owner);
    }
    throw new SQLException("Unsupported backend URL '" + Urls.redact(url)
        + "': venv supports jdbc:duckdb:<file>, jdbc:postgresql://host/db and jdbc:trino://host:port/catalog", "08001");
  }

  /**
   * The pool under {@code key}, made by {@code create} the first time. Made and closed under one
   * lock with {@link #close()}: a connect racing the close must not leave a pool (and its
   * threads) behind in a closed runtime.
   *
   * @throws SQLException {@code 08003} once closed
   */
  HikariDataSource pool(String key, Supplier<HikariDataSource> create) throws SQLException {
    synchronized (pools) {
      requireOpen();
      return pools.computeIfAbsent(key, k -> create.get());
    }
  }

  private void requireOpen() throws SQLException {
    if (closed) {
      throw closedError(null);
    }
  }

  /** What a connect meets once its driver or data source closed: SQLState {@code 08003}. */
  public static SQLException closedError(Throwable cause) {
    return new SQLException("venv: this driver or data source is closed", "08003", cause);
  }

  /** What venv's long work may hold of the pool under {@code key}. */
  ConnectionBudget budget(String key, Supplier<ConnectionBudget> create) {
    return budgets.computeIfAbsent(key, k -> create.get());
  }

  /**
   * Deletes the database a failed first connect made ({@link Engine#makesNewDatabase}), once
   * {@code engine} is closed and nothing else in this runtime holds it; a database anyone else
   * holds, or any other backend's, stays.
   */
  public void deleteNewDatabase(Engine engine) throws SQLException {
    if (engine instanceof DuckDbEngine duckDbEngine) {
      duckDb.deleteIfUnopened(duckDbEngine.databaseFile());
    }
  }

  /** Closes every pool (its connections and housekeeping thread) and every DuckDB database still open. */
  @Override
  public void close() throws SQLException {
    synchronized (pools) {
      closed = true;
      for (HikariDataSource pool : pools.values()) {
        pool.close();
      }
      pools.clear();
    }
    budgets.clear();
    duckDb.closeAll();
  }
}
