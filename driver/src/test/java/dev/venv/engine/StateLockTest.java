package dev.venv.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.state.StateException;
import dev.venv.state.StateLock;
import dev.venv.testing.PostgresTestDatabase;
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
 * Each engine's lock, as two users of one database meet it: DuckDB's within the JVM (one space of
 * locks per file, however many engines open it), PostgreSQL's advisory locks between two
 * engines' sessions, as two processes would hold them.
 */
class StateLockTest {
  @RegisterExtension static final PostgresTestDatabase pg = PostgresTestDatabase.perClass();

  enum Backend { DUCKDB, POSTGRES }

  private static final Duration SHORT = Duration.ofMillis(200);
  private static final Duration LONG = Duration.ofSeconds(10);

  @TempDir Path dir;

  /** Holds {@code key} on its own thread and connection until {@link #release()}. */
  private static final class Holder implements AutoCloseable {
    final CountDownLatch held = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final CompletableFuture<Void> done;

    Holder(Engine db, String key, List<String> events) {
      StateLock lock = db.lock();
      done = CompletableFuture.runAsync(() -> {
        try (Connection c = db.open()) {
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
    try (Engine db = engine(backend); Engine other = engine(backend)) {
      List<String> events = new CopyOnWriteArrayList<>();
      try (Holder first = new Holder(db, "env:dev", events)) {
        first.awaitHeld();
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> {
          try (Connection c = other.open()) {
            return other.lock().withLock(c, "env:dev", LONG, conn -> {
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
    try (Engine db = engine(backend); Engine other = engine(backend)) {
      List<String> events = new CopyOnWriteArrayList<>();
      try (Holder first = new Holder(db, "env:dev", events)) {
        first.awaitHeld();
        ExecutionException e;
        long start = System.nanoTime();
        CompletableFuture<Object> second = CompletableFuture.supplyAsync(() -> {
          try (Connection c = other.open()) {
            return other.lock().withLock(c, "env:dev", SHORT, conn -> events.add("second ran"));
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
      try (Connection c = db.open()) {
        assertEquals("free", db.lock().withLock(c, "env:dev", SHORT, conn -> "free"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void otherKeysDoNotWait(Backend backend) throws Exception {
    try (Engine db = engine(backend)) {
      try (Holder first = new Holder(db, "env:dev", new CopyOnWriteArrayList<>())) {
        first.awaitHeld();
        CompletableFuture<String> other = CompletableFuture.supplyAsync(() -> {
          try (Connection c = db.open()) {
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
    try (Engine db = engine(backend)) {
      StateLock lock = db.lock();
      SQLException failure = new SQLException("work failed", "XX000");
      try (Connection c = db.open()) {
        assertEquals(failure, assertThrows(SQLException.class,
            () -> lock.withLock(c, "build:abc", SHORT, conn -> {
              throw failure;
            })));
      }
      // Taken from another thread (and, for PostgreSQL, another session): free again.
      CompletableFuture<String> again = CompletableFuture.supplyAsync(() -> {
        try (Connection c = db.open()) {
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
    try (Engine db = engine(backend)) {
      SQLException failure = new SQLException("the session died", "57P01");
      // A session of its own: a pooled one would outlive the close, and its lock with it.
      try (Connection c = db.openForClient()) {
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
        try (Connection c = db.open()) {
          return db.lock().withLock(c, "build:abc", SHORT, conn -> "free");
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      assertEquals("free", again.get(10, TimeUnit.SECONDS), "the closed session released it");
    }
  }

  /** A build takes its batch's locks together: one held elsewhere holds the batch, which takes none meanwhile. */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void aSetOfLocksWaitsForAnyOneHeldAndHoldsNoneWhileItWaits(Backend backend) throws Exception {
    try (Engine db = engine(backend); Engine other = engine(backend)) {
      try (Holder first = new Holder(db, "build:b", new CopyOnWriteArrayList<>())) {
        first.awaitHeld();
        CompletableFuture<Object> set = CompletableFuture.supplyAsync(() -> {
          try (Connection c = other.open()) {
            return other.lock().withLocks(c, List.of("build:a", "build:b", "build:c"), SHORT, conn -> "ran");
          } catch (SQLException failure) {
            throw new WrappedSqlException(failure);
          }
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> set.get(10, TimeUnit.SECONDS));
        SQLException timeout = ((WrappedSqlException) e.getCause()).sql;
        assertEquals("55P03", timeout.getSQLState(), timeout.getMessage());
        // it gave up holding nothing: a and c are free for a third user
        try (Connection c = db.open()) {
          assertEquals("free", db.lock().withLocks(c, List.of("build:a", "build:c"), SHORT, conn -> "free"));
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aSetOfLocksIsHeldWholeUntilItsWorkEnds(Backend backend) throws Exception {
    try (Engine db = engine(backend); Engine other = engine(backend); Connection c = db.open()) {
      db.lock().withLocks(c, List.of("build:x", "build:y"), SHORT, conn -> {
        for (String key : List.of("build:x", "build:y")) {
          CompletableFuture<Object> single = CompletableFuture.supplyAsync(() -> {
            try (Connection o = other.open()) {
              return other.lock().withLock(o, key, SHORT, x -> "ran");
            } catch (SQLException failure) {
              throw new WrappedSqlException(failure);
            }
          });
          ExecutionException e = assertThrows(ExecutionException.class, () -> single.get(10, TimeUnit.SECONDS));
          assertEquals("55P03", ((WrappedSqlException) e.getCause()).sql.getSQLState(), key + " is held");
        }
        return null;
      });
      try (Connection o = other.open()) {
        assertEquals("free", other.lock().withLocks(o, List.of("build:y", "build:x"), SHORT, x -> "free"));
      }
    }
  }

  /** Two builds whose batches share objects, named in opposite orders, both finish: no circle of waits. */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void overlappingSetsNamedInOppositeOrdersNeverDeadlock(Backend backend) throws Exception {
    try (Engine db = engine(backend); Engine other = engine(backend)) {
      List<CompletableFuture<Integer>> users = new java.util.ArrayList<>();
      for (List<String> keys : List.of(List.of("build:p", "build:q", "build:r"), List.of("build:r", "build:q", "build:p"))) {
        Engine engine = users.isEmpty() ? db : other;
        users.add(CompletableFuture.supplyAsync(() -> {
          int rounds = 0;
          try (Connection c = engine.open()) {
            for (; rounds < 30; rounds++) {
              engine.lock().withLocks(c, keys, LONG, conn -> null);
            }
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
          return rounds;
        }));
      }
      for (CompletableFuture<Integer> user : users) {
        assertEquals(30, user.get(30, TimeUnit.SECONDS));
      }
    }
  }

  /**
   * A build's batch takes a lock per object, up to a thousand and more, on whatever thread runs it
   * (an app server's have small stacks): a set is taken without a frame per key.
   */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void thousandsOfLocksAreTakenOnASmallStack(Backend backend) throws Exception {
    List<String> keys = java.util.stream.IntStream.range(0, 3_000).mapToObj(i -> "build:object_" + i).toList();
    try (Engine db = engine(backend); Connection c = db.open()) {
      CompletableFuture<Object> outcome = new CompletableFuture<>();
      Thread small = new Thread(null, () -> {
        try {
          outcome.complete(db.lock().withLocks(c, keys, LONG, conn -> "ran"));
        } catch (Throwable t) {
          outcome.completeExceptionally(t);
        }
      }, "small-stack", 256 * 1024);
      small.start();
      assertEquals("ran", outcome.get(60, TimeUnit.SECONDS));
      assertEquals("free", db.lock().withLocks(c, keys.subList(0, 10), SHORT, conn -> "free"), "all let go");
    }
  }

  /** A new engine over the test's database: each call another user of it, as another process would be. */
  private Engine engine(Backend backend) throws SQLException {
    return backend == Backend.DUCKDB
        ? Engine.forUrl("jdbc:duckdb:" + dir.resolve("w.db"), new java.util.Properties())
        : Engine.forUrl(pg.url(), PostgresTestDatabase.ownerProperties());
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
