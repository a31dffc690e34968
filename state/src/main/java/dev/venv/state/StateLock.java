package dev.venv.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

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

  /**
   * Runs {@code work} while holding every lock of {@code keys}, waiting at most {@code timeout}
   * for each. The keys are taken in their sorted order, so two holders of overlapping sets never
   * wait for each other in a circle; a lock that lives in a server may take them all at once. A
   * build's batch holds a key per object, thousands: no frame per key.
   */
  <T> T withLocks(Connection connection, Collection<String> keys, Duration timeout, SqlWork<T> work)
      throws SQLException;

  /**
   * A mark of the state writes committed under this lock, when every writer of the database takes
   * this very lock: a lock within the JVM, on a database no other process writes while this one
   * holds it open (an embedded DuckDB file). Then two equal marks mean an unchanged state, which a
   * connect can tell without a query. Empty where writers elsewhere do not count here (a server's
   * locks).
   */
  default Optional<String> writesCommitted() {
    return Optional.empty();
  }

  /** A state write under this lock has committed (called after the commit, never before). */
  default void writeCommitted() {}

  /**
   * The locks of {@code database} within this JVM, one lock per key: the same for every holder of
   * the returned object, and for every copy of venv in the JVM that names the database alike.
   */
  static StateLock inProcess(String database) {
    return new InProcessStateLock(database);
  }
}
