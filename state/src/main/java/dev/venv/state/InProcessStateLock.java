package dev.venv.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Locks within one JVM on one database, and the count of state writes committed under them: shared
 * by whoever shares this object (the users of one database), and through the {@link JvmRegistry}
 * with every other copy of venv in the JVM that names the same database. A thread first queues on
 * this object's own lock, then claims the key in the registry, waiting out another copy's claim
 * (rare: two applications writing one DuckDB file) by looking again after a pause.
 */
final class InProcessStateLock implements StateLock {
  /** The longest pause between two looks at another copy's claim. */
  private static final long MAX_PAUSE_MILLIS = 50;

  // Locks are few (one per environment and per version ever built while the database is open)
  // and tiny; keeping them avoids the race of removing a lock another thread is about to take.
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final String claims;
  private final String writes;
  /** This lock's mark on the keys it has claimed in the registry. */
  private final String holder = UUID.randomUUID().toString();

  /** @param database the database these locks are of, named alike by every copy of venv in the JVM */
  InProcessStateLock(String database) {
    this.claims = "lock." + database + '\u0000';
    this.writes = "stateWrites." + database;
    JvmRegistry.update(writes, known -> known != null ? known : WriteCount.fresh());
  }

  /** Empty where the count is gone from the registry (someone cleared it): nothing to trust then. */
  @Override
  public Optional<String> writesCommitted() {
    return Optional.ofNullable(JvmRegistry.get(writes));
  }

  @Override
  public void writeCommitted() {
    JvmRegistry.update(writes, WriteCount::next);
  }

  @Override
  public <T> T withLock(Connection connection, String key, Duration timeout, SqlWork<T> work)
      throws SQLException {
    return withLocks(connection, List.of(key), timeout, work);
  }

  /** Takes the keys one after the other in a loop, not a frame each: a build's batch holds thousands. */
  @Override
  public <T> T withLocks(Connection connection, Collection<String> keys, Duration timeout, SqlWork<T> work)
      throws SQLException {
    List<Held> held = new ArrayList<>(keys.size());
    try {
      for (String key : new TreeSet<>(keys)) { // sorted: two holders of overlapping sets never wait in a circle
        held.add(take(key, timeout));
      }
      return work.run(connection);
    } finally {
      for (int i = held.size() - 1; i >= 0; i--) {
        held.get(i).letGo();
      }
    }
  }

  /** A key this thread holds: this object's lock, and on the outermost hold, the key's claim. */
  private final class Held {
    private final String key;
    private final ReentrantLock lock;
    private final boolean outermost;

    Held(String key, ReentrantLock lock) {
      this.key = key;
      this.lock = lock;
      this.outermost = lock.getHoldCount() == 1; // else its holder took it again, and claimed it already
    }

    void letGo() {
      try {
        if (outermost) {
          JvmRegistry.remove(claims + key, holder);
        }
      } finally {
        lock.unlock();
      }
    }
  }

  private Held take(String key, Duration timeout) throws StateException {
    long deadline = System.nanoTime() + timeout.toNanos();
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    try {
      if (!lock.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw timedOut(key, timeout, "another thread holds it");
      }
    } catch (InterruptedException e) {
      throw interrupted(key, e);
    }
    Held held = new Held(key, lock);
    if (held.outermost) {
      try {
        claim(key, deadline, timeout);
      } catch (StateException e) {
        lock.unlock();
        throw e;
      }
    }
    return held;
  }

  /** Claims {@code key} in the registry, waiting while another copy of venv holds it. */
  private void claim(String key, long deadline, Duration timeout) throws StateException {
    for (long pause = 1; JvmRegistry.putIfAbsent(claims + key, holder) != null;
        pause = Math.min(pause * 2, MAX_PAUSE_MILLIS)) {
      if (System.nanoTime() - deadline > 0) {
        throw timedOut(key, timeout, "another copy of venv in this JVM holds it");
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        throw interrupted(key, e);
      }
    }
  }

  private static StateException timedOut(String key, Duration timeout, String why) {
    return new StateException("Timed out after " + timeout.toMillis() + " ms waiting for lock '" + key + "' (" + why
        + ")", "55P03");
  }

  private static StateException interrupted(String key, InterruptedException e) {
    Thread.currentThread().interrupt();
    return new StateException("Interrupted while waiting for lock '" + key + "'", "57014", e);
  }

  /**
   * A count of writes as the registry keeps it, {@code <epoch>:<n>}: the epoch is new whenever the
   * count starts over (the value was cleared or spoilt), so no count ever equals an earlier one.
   */
  private static final class WriteCount {
    private WriteCount() {}

    static String fresh() {
      return UUID.randomUUID() + ":0";
    }

    static String next(String known) {
      int colon = known == null ? -1 : known.lastIndexOf(':');
      if (colon > 0) {
        try {
          return known.substring(0, colon + 1) + (Long.parseLong(known.substring(colon + 1)) + 1);
        } catch (NumberFormatException e) {
          // not a count of ours: start over
        }
      }
      return UUID.randomUUID() + ":1";
    }
  }
}
