package dev.venv.jdbc;

import dev.venv.engine.Backends;
import java.sql.SQLException;
import java.time.Clock;

/**
 * Everything one driver instance or one {@link VenvDataSource} keeps between connects: the
 * backends it holds open (PostgreSQL pools, DuckDB databases), the caches of routes, routed texts
 * and model files, its open connections, and the clock it reads time from. Nothing of it is
 * static, so two data sources in one JVM share nothing (but DuckDB's file locks, which are the
 * process's: see {@code DuckDbFileLocks}), and {@link #close()} closes its connections and leaves
 * no thread or open file behind.
 */
final class VenvRuntime implements AutoCloseable {
  final Backends backends = new Backends();
  final EnvironmentResolver resolver;
  /** The connections made here and not closed yet: close() closes them, and the files they hold. */
  private final java.util.Set<VenvConnection> connections = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean closing;

  /** @param clock when environments are used and expire, and when the state is asked again */
  VenvRuntime(Clock clock) {
    this.resolver = new EnvironmentResolver(clock);
  }

  /**
   * A connection made here: closed with the runtime if not before.
   *
   * @throws SQLException {@code 08003}, the connection closed, when the runtime closed meanwhile
   */
  void opened(VenvConnection connection) throws SQLException {
    connections.add(connection);
    if (closing) { // a connect that raced close(): close() may have missed it
      connection.close();
      throw Backends.closedError(null);
    }
  }

  /** A connection made here was closed. */
  void closed(VenvConnection connection) {
    connections.remove(connection);
  }

  /** Closes the connections still open, then the backends: no thread, pool or open file is left. */
  @Override
  public void close() throws SQLException {
    closing = true;
    SQLException failure = null;
    for (VenvConnection connection : java.util.List.copyOf(connections)) {
      try {
        connection.close();
      } catch (SQLException e) {
        failure = failure == null ? e : failure;
      }
    }
    try {
      backends.close();
    } catch (SQLException e) {
      if (failure != null) {
        e.addSuppressed(failure);
      }
      throw e;
    }
    if (failure != null) {
      throw failure;
    }
  }
}
