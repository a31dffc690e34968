package dev.venv.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/** Locks within one process, shared by whoever shares this object (the users of one database). */
final class InProcessStateLock implements StateLock {
  // Locks are few (one per environment and per version ever built while the database is open)
  // and tiny; keeping them avoids the race of removing a lock another thread is about to take.
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final AtomicLong writes = new AtomicLong();

  InProcessStateLock() {
    LoadedCopies.announce();
  }

  /** Empty when another copy of venv in this JVM may write the same database without counting here. */
  @Override
  public OptionalLong writesCommitted() {
    return LoadedCopies.onlyThisOne() ? OptionalLong.of(writes.get()) : OptionalLong.empty();
  }

  @Override
  public void writeCommitted() {
    writes.incrementAndGet();
  }

  @Override
  public <T> T withLock(Connection connection, String key, Duration timeout, SqlWork<T> work)
      throws SQLException {
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    try {
      if (!lock.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new StateException(
            "Timed out after " + timeout.toMillis() + " ms waiting for lock '" + key + "' (another thread holds it)",
            "55P03");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StateException("Interrupted while waiting for lock '" + key + "'", "57014", e);
    }
    try {
      return work.run(connection);
    } finally {
      lock.unlock();
    }
  }
}
