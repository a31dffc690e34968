package dev.venv.state;

import static dev.venv.state.StateDatabase.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.state.StateDatabase.Backend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link StateStore#write}: one transaction that bumps the state version, or nothing at all. */
class StateWriteTest {
  @RegisterExtension static final PostgresTestDatabase pg = new PostgresTestDatabase();

  private static final Instant NOW = Instant.parse("2024-07-01T00:00:00Z");

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Backend.class)
  void everyWriteBumpsTheStateVersion(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore store = db.migratedStore();
      assertEquals(0, store.stateVersion());

      assertEquals("result", store.write(tx -> "result"));
      assertEquals(1, store.stateVersion());
      store.write(tx -> {
        tx.saveSnapshots(List.of(snapshot("s.a", "1")));
        return null;
      });
      assertEquals(2, store.stateVersion());
      store.write(tx -> {
        tx.markBuilt(new PhysicalObject(snapshot("s.a", "1").physical(), "s.a", "v", "TABLE", NOW));
        return null;
      });
      store.write(tx -> tx.finalizeEnvironment("dev", "p1", "prod", Map.of(), null, NOW, null));
      assertEquals(4, store.stateVersion());
      // Another store on the same database sees the same counter.
      assertEquals(4, db.store().stateVersion());
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aWriteThatThrowsLeavesNoTrace(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore store = db.migratedStore();
      Snapshot s = snapshot("s.a", "1");
      SQLException failure = new SQLException("the build failed", "XX000");

      SQLException thrown = assertThrows(SQLException.class, () -> store.write(tx -> {
        tx.saveSnapshots(List.of(s));
        tx.markBuilt(new PhysicalObject(s.physical(), s.model(), s.version(), "TABLE", NOW));
        tx.finalizeEnvironment("dev", "p1", "prod", Map.of(s.model(), s.fingerprint()), Duration.ofDays(7), NOW,
            null);
        // DDL on the transaction's connection rolls back with the state (the virtual layer's views).
        try (Statement st = tx.connection().createStatement()) {
          st.execute("CREATE SCHEMA test_layer");
          st.execute("CREATE VIEW test_layer.a AS SELECT 1 AS x");
        }
        throw failure;
      }));

      assertSame(failure, thrown);
      assertNothingWritten(db, store);
      assertEquals(List.of(), db.rows("SELECT schema_name FROM information_schema.schemata"
          + " WHERE schema_name = 'test_layer'"));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aRuntimeExceptionRollsBackToo(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore store = db.migratedStore();
      IllegalStateException failure = new IllegalStateException("bug");

      IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> store.write(tx -> {
        tx.saveSnapshots(List.of(snapshot("s.a", "1")));
        tx.finalizeEnvironment("dev", "p1", "prod", Map.of(), null, NOW, null);
        throw failure;
      }));

      assertSame(failure, thrown);
      assertNothingWritten(db, store);
      // The store is still usable afterwards.
      store.write(tx -> {
        tx.saveSnapshots(List.of(snapshot("s.a", "1")));
        return null;
      });
      assertEquals(1, store.stateVersion());
      assertEquals(1, db.count("snapshots"));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void anErrorRollsBackToo(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore store = db.migratedStore();
      // An Error (a failed assert in a caller, StackOverflowError) or a checked exception thrown
      // sneakily must not commit half a change.
      AssertionError failure = new AssertionError("not a RuntimeException");

      AssertionError thrown = assertThrows(AssertionError.class, () -> store.write(tx -> {
        tx.saveSnapshots(List.of(snapshot("s.a", "1")));
        tx.finalizeEnvironment("dev", "p1", "prod", Map.of(), null, NOW, null);
        throw failure;
      }));

      assertSame(failure, thrown);
      assertNothingWritten(db, store);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aFailingStatementRollsBackTheEarlierOnes(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore store = db.migratedStore();
      store.write(tx -> tx.finalizeEnvironment("dev", "p1", "prod", Map.of(), null, NOW, null));
      long version = store.stateVersion();
      Map<String, Long> counts = db.counts();

      // Plan ids are unique: the second plan insert fails in the database, after the snapshot insert.
      assertThrows(SQLException.class, () -> store.write(tx -> {
        tx.saveSnapshots(List.of(snapshot("s.a", "1")));
        return tx.finalizeEnvironment("other", "p1", "prod", Map.of(), null, NOW, null);
      }));

      assertEquals(counts, db.counts());
      assertEquals(version, store.stateVersion());
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void concurrentWritesAreSerializedAndEachCounted(Backend backend) throws Exception {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      db.migratedStore();
      int threads = 4;
      int writesEach = 5;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          StateStore store = db.store();
          done.add(pool.submit(() -> {
            for (int i = 0; i < writesEach; i++) {
              String seed = thread + "-" + i;
              store.write(tx -> {
                tx.saveSnapshots(List.of(snapshot("s.t" + seed.replace('-', '_'), seed)));
                return null;
              });
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(threads * writesEach, db.store().stateVersion());
      assertEquals(threads * writesEach, db.count("snapshots"));
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

  private static void assertNothingWritten(StateDatabase db, StateStore store) throws SQLException {
    assertEquals(Map.of("snapshots", 0L, "physical_objects", 0L, "plans", 0L,
        "plan_snapshots", 0L, "environments", 0L), db.counts());
    assertEquals(0, store.stateVersion());
    try (Connection c = db.connect()) {
      assertEquals(true, c.getAutoCommit());
    }
  }

  /**
   * A commit that fails, after which turning auto-commit back on fails as well (DuckDB's "no
   * transaction is active"): the commit's error is the one thrown, and nothing was written.
   */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void aFailedCommitIsTheErrorThrownAndLeavesNoTrace(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      db.migratedStore();
      Map<String, Long> before = db.counts();
      SQLException commitFailure = new SQLException("injected: could not commit", "53100");
      StateStore store = StateStore.jdbc(() -> failingCommit(db.connect(), commitFailure), db.lock());
      long version = store.stateVersion();

      SQLException thrown = assertThrows(SQLException.class, () -> store.write(tx -> {
        tx.saveSnapshots(List.of(snapshot("s.a", "1")));
        return null;
      }));

      assertEquals(commitFailure, thrown);
      assertEquals(before, db.counts());
      assertEquals(version, db.store().stateVersion());
    }
  }

  /** {@code real}, but its commit fails, and so does a later {@code setAutoCommit(true)}. */
  private static java.sql.Connection failingCommit(java.sql.Connection real, SQLException failure) {
    boolean[] failed = {false};
    return (java.sql.Connection) java.lang.reflect.Proxy.newProxyInstance(StateWriteTest.class.getClassLoader(),
        new Class<?>[] {java.sql.Connection.class}, (proxy, method, args) -> {
          if (method.getName().equals("commit")) {
            failed[0] = true;
            throw failure;
          }
          if (method.getName().equals("setAutoCommit") && Boolean.TRUE.equals(args[0]) && failed[0]) {
            real.rollback();
            real.setAutoCommit(true);
            throw new SQLException("cannot commit - no transaction is active");
          }
          try {
            return method.invoke(real, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
