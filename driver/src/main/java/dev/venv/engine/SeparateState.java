package dev.venv.engine;

import dev.venv.state.SqlWork;
import dev.venv.state.StateLock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.OptionalLong;

/**
 * The state of a backend kept in another database ({@link StateLocation}): venv's state, its locks
 * and its compare-and-set all live there, and the backend gets only DDL.
 *
 * <p>venv's work runs on a <em>work connection</em>: a backend connection that carries the state
 * connection it locks and records with ({@link #pair}). The lock here takes its locks on that
 * state connection, so code written for a backend that holds its own state (one connection for
 * locks, state and DDL) runs unchanged: DDL goes to the backend, locks and state to the state
 * database. A connection given to the lock that is not a work connection is a state connection
 * already (the state store's own).
 */
final class SeparateState {
  private final PostgresEngine state;
  private final StateLock lock;

  SeparateState(PostgresEngine state) {
    this.state = state;
    this.lock = new PairedLock(state.backendLock());
  }

  /** The state database's engine: its pool, its advisory locks. */
  PostgresEngine engine() {
    return state;
  }

  StateLock lock() {
    return lock;
  }

  /**
   * {@code backend} paired with a new state connection; closing the result closes both.
   *
   * @throws SQLException the state database's, {@code backend} closed
   */
  Connection pair(Connection backend) throws SQLException {
    Connection stateConnection;
    try {
      stateConnection = state.open();
    } catch (SQLException e) {
      backend.close();
      throw e;
    }
    return (Connection) Proxy.newProxyInstance(Work.class.getClassLoader(), new Class<?>[] {Connection.class, Work.class},
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Work.class) {
            return stateConnection;
          }
          if (method.getName().equals("close") && method.getParameterCount() == 0) {
            try (stateConnection) {
              backend.close();
            }
            return null;
          }
          try {
            return method.invoke(backend, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /**
   * The state connection of a work connection.
   *
   * @throws SQLException {@code XX000} for a connection that is not one: state work on a bare
   *                      backend connection would read or lock the wrong database
   */
  static Connection stateOf(Connection work) throws SQLException {
    if (work instanceof Work w) {
      return w.stateConnection();
    }
    throw new SQLException("venv internal error: state work on a backend connection that carries no state"
        + " connection (the state lives in another database)", "XX000");
  }

  /** A backend connection with its state connection (a proxy's second interface). */
  interface Work {
    Connection stateConnection();
  }

  /** The state database's locks, taken on a work connection's state connection. */
  private record PairedLock(StateLock inner) implements StateLock {
    @Override
    public <T> T withLock(Connection connection, String key, Duration timeout, SqlWork<T> work) throws SQLException {
      return inner.withLock(lockConnection(connection), key, timeout, c -> work.run(connection));
    }

    @Override
    public <T> T withLocks(Connection connection, Collection<String> keys, Duration timeout, SqlWork<T> work)
        throws SQLException {
      return inner.withLocks(lockConnection(connection), keys, timeout, c -> work.run(connection));
    }

    private static Connection lockConnection(Connection connection) {
      return connection instanceof Work w ? w.stateConnection() : connection;
    }

    @Override
    public java.util.Optional<String> writesCommitted() {
      return inner.writesCommitted();
    }

    @Override
    public void writeCommitted() {
      inner.writeCommitted();
    }
  }
}
