package dev.venv.engine;

import dev.venv.state.SqlWork;
import dev.venv.state.StateException;
import dev.venv.state.StateLock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Session advisory locks: held by the given connection until released, so they work across
 * processes and survive the transactions the work commits.
 */
final class PostgresAdvisoryLock implements StateLock {
  private static final long POLL_MILLIS = 50;

  private final String database;

  PostgresAdvisoryLock(String database) {
    this.database = database;
  }

  @Override
  public <T> T withLock(Connection connection, String key, Duration timeout, SqlWork<T> work)
      throws SQLException {
    long id = lockId(database + '\u0000' + key);
    long deadline = System.nanoTime() + timeout.toNanos();
    // pg_try_advisory_lock in a loop rather than lock_timeout: the timeout stays ours, and a
    // waiting thread can be interrupted between tries.
    while (!tryLock(connection, id)) {
      if (System.nanoTime() > deadline) {
        throw new StateException(
            "Timed out after " + timeout.toMillis() + " ms waiting for lock '" + key + "' (another session holds it)",
            "55P03");
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StateException("Interrupted while waiting for lock '" + key + "'", "57014", e);
      }
    }
    T result;
    try {
      result = work.run(connection);
    } catch (Throwable e) {
      // The work's own error is the one to report: when it killed the session, the unlock fails
      // too ("connection is closed"), and the session's end has released the lock anyway.
      try {
        unlock(connection, id);
      } catch (SQLException | RuntimeException unlockFailure) {
        e.addSuppressed(unlockFailure);
      }
      throw e;
    }
    unlock(connection, id);
    return result;
  }

  private static void unlock(Connection connection, long id) throws SQLException {
    try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
      unlock.setLong(1, id);
      unlock.execute();
    }
  }

  private static boolean tryLock(Connection connection, long id) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      lock.setLong(1, id);
      try (ResultSet rs = lock.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static long lockId(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      long id = 0;
      for (int i = 0; i < 8; i++) {
        id = (id << 8) | (digest[i] & 0xff);
      }
      return id;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
