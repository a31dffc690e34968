package dev.venv.engine;

import dev.venv.state.ConnectionSource;
import dev.venv.state.SqlWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How many connections venv's long work may hold at once on one backend in this JVM: creators of
 * environments (each holds one connection for its environment's lock and its state work) and
 * builds (each holds one for its object's lock, its DDL and its state write). Work waits for a
 * place before it takes a connection, so however many environments are created at once, they
 * never hold every connection of a pool that connects, state reads and the janitor draw on too.
 */
public final class ConnectionBudget {
  private final Place creators;
  private final Place builds;

  private ConnectionBudget(Place creators, Place builds) {
    this.creators = creators;
    this.builds = builds;
  }

  /** No bound: for a backend whose connections are not pooled (embedded DuckDB). */
  static ConnectionBudget unbounded() {
    return new ConnectionBudget(new Place("creators", Integer.MAX_VALUE), new Place("builds", Integer.MAX_VALUE));
  }

  /** At most {@code creators + builds} connections held by venv's long work at once. */
  static ConnectionBudget of(int creators, int builds) {
    return new ConnectionBudget(new Place("environment creators", creators), new Place("builds", builds));
  }

  /** How many builds may hold a connection at once. */
  public int builds() {
    return builds.size;
  }

  /** Runs a creator's work on a connection of its own, once a creator's place is free. */
  <T> T asCreator(ConnectionSource connections, Duration timeout, SqlWork<T> work) throws SQLException {
    return creators.run(connections, timeout, work);
  }

  /** Runs one build on a connection of its own, once a build's place is free. */
  <T> T asBuild(ConnectionSource connections, Duration timeout, SqlWork<T> work) throws SQLException {
    return builds.run(connections, timeout, work);
  }

  /** One kind of work and how many of it may hold a connection at once. */
  private static final class Place {
    final String what;
    final int size;
    final Semaphore free;

    Place(String what, int size) {
      this.what = what;
      this.size = size;
      this.free = new Semaphore(size, true);
    }

    <T> T run(ConnectionSource connections, Duration timeout, SqlWork<T> work) throws SQLException {
      try {
        if (!free.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new SQLException("Timed out after " + timeout.toMillis() + " ms waiting for one of the " + size
              + " connections " + what + " may hold at once in this JVM", "55P03");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("Interrupted while waiting for a connection for " + what, "57014", e);
      }
      try (Connection c = connections.open()) {
        return work.run(c);
      } finally {
        free.release();
      }
    }
  }
}
