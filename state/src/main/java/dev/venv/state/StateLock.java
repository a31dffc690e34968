package dev.venv.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Serializes writers of one state store, and of anything else named by a key (an environment
 * being created, a snapshot version being built).
 *
 * <p>Each engine says which lock its backend needs ({@code Engine.lock()}): embedded DuckDB admits
 * one writing process per file, so a lock within the process suffices there; a database shared by
 * processes needs locks in the server (PostgreSQL's advisory locks).
 */
public interface StateLock {

  /**
   * Runs {@code work} while holding the lock named {@code key}, waiting at most {@code timeout}.
   *
   * @param connection a connection to the state database; the lock may live in it
   * @throws StateException with SQLState {@code 55P03} when the lock was not had in time
   */
  <T> T withLock(Connection connection, String key, Duration timeout, SqlWork<T> work) throws SQLException;

  /** A new space of locks within this process, one lock per key: share it to share the locks. */
  static StateLock inProcess() {
    return new InProcessStateLock();
  }
}
