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
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

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
    return withLocks(connection, List.of(key), timeout, work);
  }

  /** All of them at once or none: a session holding some while it waits for others could deadlock. */
  @Override
  public <T> T withLocks(Connection connection, Collection<String> keys, Duration timeout, SqlWork<T> work)
      throws SQLException {
    Long[] ids = keys.stream().map(k -> lockId(database + '\u0000' + k)).distinct().toArray(Long[]::new);
    String named = keys.size() == 1 ? "lock '" + keys.iterator().next() + "'"
        : keys.size() + " locks ('" + new TreeSet<>(keys).first() + "', ...)";
    long deadline = System.nanoTime() + timeout.toNanos();
    // pg_try_advisory_lock in a loop rather than lock_timeout: the timeout stays ours, and a
    // waiting thread can be interrupted between tries.
    while (!tryLockAll(connection, ids)) {
      if (System.nanoTime() > deadline) {
        throw new StateException(
            "Timed out after " + timeout.toMillis() + " ms waiting for " + named + " (another session holds it)",
            "55P03");
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StateException("Interrupted while waiting for " + named, "57014", e);
      }
    }
    T result;
    try {
      result = work.run(connection);
    } catch (Throwable e) {
      // The work's own error is the one to report: when it killed the session, the unlock fails
      // too ("connection is closed"), and the session's end has released the lock anyway.
      try {
        unlock(connection, List.of(ids));
      } catch (SQLException | RuntimeException unlockFailure) {
        e.addSuppressed(unlockFailure);
      }
      throw e;
    }
    unlock(connection, List.of(ids));
    return result;
  }

  private static void unlock(Connection connection, List<Long> ids) throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    try (PreparedStatement unlock = connection.prepareStatement(
        "SELECT pg_advisory_unlock(id) FROM unnest(?::bigint[]) AS t(id)")) {
      unlock.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
      unlock.execute();
    }
  }

  /** Takes every lock, or (releasing those it got) none. */
  private static boolean tryLockAll(Connection connection, Long[] ids) throws SQLException {
    List<Long> taken = new ArrayList<>();
    try (PreparedStatement lock = connection.prepareStatement(
        "SELECT id, pg_try_advisory_lock(id) FROM unnest(?::bigint[]) AS t(id)")) {
      lock.setArray(1, connection.createArrayOf("bigint", ids));
      try (ResultSet rs = lock.executeQuery()) {
        while (rs.next()) {
          if (rs.getBoolean(2)) {
            taken.add(rs.getLong(1));
          }
        }
      }
    }
    if (taken.size() == ids.length) {
      return true;
    }
    unlock(connection, taken);
    return false;
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
