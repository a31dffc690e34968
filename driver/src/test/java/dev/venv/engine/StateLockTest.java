package dev.venv.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.state.StateDatabase.Backend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both kinds of lock, as two users of one database meet them: DuckDB's within the JVM, PostgreSQL's
 * advisory locks between two sessions (two connections, as two processes would hold).
 */
class StateLockTest {
  @RegisterExtension static final PostgresTestDatabase pg = new PostgresTestDatabase();

  private static final Duration SHORT = Duration.ofMillis(200);
  private static final Duration LONG = Duration.ofSeconds(10);

  @TempDir Path dir;

  /** Holds {@code key} on its own thread and connection until {@link #release()}. */
  private static final class Holder implements AutoCloseable {
    final CountDownLatch held = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final CompletableFuture<Void> done;

    Holder(StateDatabase db, String key, List<String> events) {
      StateLock lock = db.lock();
      done = CompletableFuture.runAsync(() -> {
        try (Connection c = db.connect()) {
          lock.withLock(c, key, LONG, conn -> {
            events.add("first holds");
            held.countDown();
            await(release);
            events.add("first releases");
            return null;
          });
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
    }

    void awaitHeld() throws Exception {
      assertTrue(held.await(10, TimeUnit.SECONDS), "the first thread never got the lock");
    }

    void release() {
      release.countDown();
    }

    @Override
    public void close() throws Exception {
      release();
      done.get(10, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void theSecondWaitsUntilTheFirstReleases(Backend backend) throws Exception {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      List<String> events = new CopyOnWriteArrayList<>();
      try (Holder first = new Holder(db, "env:dev", events)) {
        first.awaitHeld();
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> {
          try (Connection c = db.connect()) {
            return db.lock().withLock(c, "env:dev", LONG, conn -> {
              events.add("second holds");
              return "ran";
            });
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });
        // A real wait, on purpose: that the second does not go on can only be seen as time passes.
        Thread.sleep(300);
        assertFalse(second.isDone(), "the second must wait while the first holds the lock");
        first.release();
        assertEquals("ran", second.get(10, TimeUnit.SECONDS));
      }
      assertEquals(List.of("first holds", "first releases", "second holds"), events);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void waitingPastTheTimeoutFailsWith55P03(Backend backend) throws Exception {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      List<String> events = new CopyOnWriteArrayList<>();
      try (Holder first = new Holder(db, "env:dev", events)) {
        first.awaitHeld();
        ExecutionException e;
        long start = System.nanoTime();
        CompletableFuture<Object> second = CompletableFuture.supplyAsync(() -> {
          try (Connection c = db.connect()) {
            return db.lock().withLock(c, "env:dev", SHORT, conn -> events.add("second ran"));
          } catch (SQLException failure) {
            throw new WrappedSqlException(failure);
          }
        });
        e = assertThrows(ExecutionException.class, () -> second.get(10, TimeUnit.SECONDS));
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        SQLException timeout = ((WrappedSqlException) e.getCause()).sql;
        assertEquals("55P03", timeout.getSQLState());
        assertTrue(timeout instanceof StateException);
        assertTrue(timeout.getMessage().contains("env:dev"), timeout.getMessage());
        assertTrue(waitedMillis >= SHORT.toMillis(), "gave up after " + waitedMillis + " ms");
      }
      assertEquals(List.of("first holds", "first releases"), events);
      // Released: a new taker gets it at once.
      try (Connection c = db.connect()) {
        assertEquals("free", db.lock().withLock(c, "env:dev", SHORT, conn -> "free"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void otherKeysDoNotWait(Backend backend) throws Exception {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      try (Holder first = new Holder(db, "env:dev", new CopyOnWriteArrayList<>())) {
        first.awaitHeld();
        CompletableFuture<String> other = CompletableFuture.supplyAsync(() -> {
          try (Connection c = db.connect()) {
            return db.lock().withLock(c, "env:staging", SHORT, conn -> "ran");
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });
        assertEquals("ran", other.get(10, TimeUnit.SECONDS));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aLockIsReleasedWhenTheWorkThrows(Backend backend) throws Exception {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateLock lock = db.lock();
      SQLException failure = new SQLException("work failed", "XX000");
      try (Connection c = db.connect()) {
        assertEquals(failure, assertThrows(SQLException.class,
            () -> lock.withLock(c, "build:abc", SHORT, conn -> {
              throw failure;
            })));
      }
      // Taken from another thread (and, for PostgreSQL, another session): free again.
      CompletableFuture<String> again = CompletableFuture.supplyAsync(() -> {
        try (Connection c = db.connect()) {
          return db.lock().withLock(c, "build:abc", SHORT, conn -> "free");
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      assertEquals("free", again.get(10, TimeUnit.SECONDS));
    }
  }

  /** Work that ends its own session: the lock's release fails too, and must not hide the work's error. */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void theWorksErrorIsThrownWhenTheReleaseFailsAfterIt(Backend backend) throws Exception {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      SQLException failure = new SQLException("the session died", "57P01");
      try (Connection c = db.connect()) {
        SQLException thrown = assertThrows(SQLException.class, () -> db.lock().withLock(c, "build:abc", SHORT, conn -> {
          conn.close();
          throw failure;
        }));
        assertEquals(failure, thrown);
        if (backend == Backend.POSTGRES) {
          assertEquals(1, thrown.getSuppressed().length, "the failed release, kept");
        }
      }
      CompletableFuture<String> again = CompletableFuture.supplyAsync(() -> {
        try (Connection c = db.connect()) {
          return db.lock().withLock(c, "build:abc", SHORT, conn -> "free");
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      assertEquals("free", again.get(10, TimeUnit.SECONDS), "the closed session released it");
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aStoreWriteWaitsForAnotherWriter(Backend backend) throws Exception {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore first = db.migratedStore();
      StateStore second = db.store();
      CountDownLatch inside = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      List<String> events = new CopyOnWriteArrayList<>();
      CompletableFuture<Void> one = CompletableFuture.runAsync(() -> {
        try {
          first.write(tx -> {
            events.add("first writes");
            inside.countDown();
            await(release);
            return null;
          });
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      assertTrue(inside.await(10, TimeUnit.SECONDS));
      CompletableFuture<Void> two = CompletableFuture.runAsync(() -> {
        try {
          second.write(tx -> events.add("second writes"));
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      // A real wait, on purpose: that the second does not go on can only be seen as time passes.
      Thread.sleep(300);
      assertFalse(two.isDone(), "the second writer must wait for the first");
      release.countDown();
      one.get(10, TimeUnit.SECONDS);
      two.get(10, TimeUnit.SECONDS);
      assertEquals(List.of("first writes", "second writes"), events);
      assertEquals(2, second.stateVersion());
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Carries an {@link SQLException} out of a future. */
  private static final class WrappedSqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient SQLException sql;

    WrappedSqlException(SQLException sql) {
      super(sql);
      this.sql = sql;
    }
  }
}
