package dev.venv.state;

import static dev.venv.state.StateDatabase.fingerprint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.state.StateDatabase.Backend;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Finalizing environments: create, then compare-and-set updates that keep the plan history. */
class EnvironmentStoreTest {
  @RegisterExtension static final PostgresTestDatabase pg = new PostgresTestDatabase();

  private static final Instant T1 = Instant.parse("2024-06-01T10:00:00.123456Z");
  private static final Instant T2 = Instant.parse("2024-06-02T11:30:00.5Z");
  private static final Duration WEEK = Duration.ofDays(7);
  private static final Map<String, String> V1 = Map.of("staging.orders", fingerprint("o1"),
      "analytics.revenue", fingerprint("r1"));
  private static final Map<String, String> V2 = Map.of("staging.orders", fingerprint("o1"),
      "analytics.revenue", fingerprint("r2"), "analytics.margin", fingerprint("m1"));

  @TempDir Path dir;

  private static Environment finalize(StateStore store, String name, String planId, Map<String, String> snapshots,
      Duration ttl, Instant now, String expected) throws SQLException {
    return store.write(tx -> tx.finalizeEnvironment(name, planId, "prod", snapshots, ttl, now, expected));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void finalizingANewEnvironmentCreatesIt(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore store = db.migratedStore();

      Environment dev = finalize(store, "dev", "plan1", V1, WEEK, T1, null);

      assertEquals(new Environment("dev", "plan1", null, "prod", V1, T1, T1, T1, WEEK, T1.plus(WEEK)), dev);
      assertEquals(Optional.of(dev), store.environment("dev"));
      assertEquals(List.of(dev), store.environments());
      assertEquals(Optional.empty(), store.environment("other"));
      assertEquals(List.of("plan1|dev|prod|2024-06-01 10:00:00.123456"),
          db.rows("SELECT plan_id, environment, source_environment, CAST(created_at AS VARCHAR)"
              + " FROM venv_state.plans"));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void anEnvironmentDeletedWhileItIsReadIsReadWhole(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore writer = db.migratedStore();
      finalize(writer, "dev", "plan1", V1, WEEK, T1, null);
      // The janitor deletes dev between the reader's two queries (its row, then its plan's
      // snapshots): the interleaving of two processes, made deterministic.
      AtomicBoolean interleaved = new AtomicBoolean();
      StateStore reader = StateStore.jdbc(() -> beforePlanSnapshots(db.connect(), () -> {
        if (interleaved.compareAndSet(false, true)) {
          writer.write(tx -> tx.deleteEnvironment("dev", "plan1"));
        }
      }), db.lock());

      Optional<Environment> read = reader.environment("dev");

      assertTrue(interleaved.get(), "the plan_snapshots query was not recognised");
      assertEquals(V1, read.orElseThrow().snapshots(), "the environment as it was, never with an empty plan");
      assertEquals(Optional.empty(), reader.environment("dev"));
    }
  }

  /** Runs {@code hook} before the connection prepares the query of a plan's snapshots. */
  private static Connection beforePlanSnapshots(Connection connection, SqlHook hook) {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (method.getName().equals("prepareStatement") && args[0] instanceof String sql
              && sql.contains("FROM venv_state.plan_snapshots WHERE plan_id")) {
            hook.run();
          }
          try {
            return method.invoke(connection, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private interface SqlHook {
    void run() throws SQLException;
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void deletingAnEnvironmentComparesItsPlan(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore store = db.migratedStore();
      finalize(store, "dev", "plan1", V1, WEEK, T1, null);
      finalize(store, "dev", "plan2", V2, WEEK, T2, "plan1");

      assertEquals(false, store.write(tx -> tx.deleteEnvironment("dev", "plan1")), "dev moved on to plan2");
      assertEquals("plan2", store.environment("dev").orElseThrow().planId());
      assertEquals(false, store.write(tx -> tx.deleteEnvironment("nothing", "plan1")));

      assertEquals(true, store.write(tx -> tx.deleteEnvironment("dev", "plan2")));
      assertEquals(Optional.empty(), store.environment("dev"));
      assertEquals(0, db.count("plans"));
      assertEquals(0, db.count("plan_snapshots"));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void recordingAUseSaysWhetherTheEnvironmentIsStillThere(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore store = db.migratedStore();
      finalize(store, "dev", "plan1", V1, WEEK, T1, null);

      assertEquals(true, store.touch("dev", T2));
      assertEquals(T2.plus(WEEK), store.environment("dev").orElseThrow().expiresAt());
      // the janitor drops dev between a connect's read of its route and the use it records
      store.write(tx -> tx.deleteEnvironment("dev", "plan1"));
      assertEquals(false, store.touch("dev", T2), "a connect must look for dev again");
      assertEquals(false, store.touch("never-made", T2));
      assertEquals(Optional.empty(), store.environment("dev"), "recording a use made nothing");
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void theHoldersOfAPhysicalObjectAreTheEnvironmentsWhosePlanReadsIt(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore store = db.migratedStore();
      Snapshot a = StateDatabase.snapshot("s.a", "1");
      // t.b at s.a's fingerprint: its own snapshot, on its own table
      Snapshot b = new Snapshot("t.b", a.fingerprint(), a.dataFingerprint(), a.metadataFingerprint(),
          a.definitionFingerprint(), a.version(), a.kind(), PhysicalName.of("t", "b", a.version()), a.query(),
          List.of(), "models/t/b.sql", Map.of(), a.createdAt());
      store.write(tx -> {
        tx.saveSnapshots(List.of(a, b));
        return null;
      });
      finalize(store, "dev", "plan1", Map.of("s.a", a.fingerprint()), WEEK, T1, null);
      finalize(store, "qa", "plan2", Map.of("s.a", a.fingerprint(), "t.b", b.fingerprint()), WEEK, T1, null);

      assertEquals(java.util.Set.of("dev", "qa"), store.write(tx -> tx.holders(a.physical())));
      assertEquals(java.util.Set.of("qa"), store.write(tx -> tx.holders(b.physical())));
      assertEquals(java.util.Set.of(), store.write(tx -> tx.holders(PhysicalName.of("u", "c", a.version()))));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void prodNeverExpires(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore store = db.migratedStore();
      Environment prod = store.write(tx -> tx.finalizeEnvironment("prod", "p", null, Map.of(), null, T1, null));

      assertEquals(new Environment("prod", "p", null, null, Map.of(), T1, T1, T1, null, null), prod);
      assertTrue(prod.isProd());
      assertEquals(Optional.of(prod), store.environment("prod"));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void anUpdateRecordsThePreviousPlanAndKeepsTheCreationTime(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore store = db.migratedStore();
      finalize(store, "dev", "plan1", V1, WEEK, T1, null);

      Environment updated = finalize(store, "dev", "plan2", V2, Duration.ofDays(1), T2, "plan1");

      assertEquals(new Environment("dev", "plan2", "plan1", "prod", V2, T1, T2, T2, Duration.ofDays(1),
          T2.plus(Duration.ofDays(1))), updated);
      assertEquals(Optional.of(updated), store.environment("dev"));

      Environment third = finalize(store, "dev", "plan3", V1, WEEK, T2.plusSeconds(60), "plan2");
      assertEquals("plan2", third.previousPlanId());
      assertEquals(V1, third.snapshots());
      assertEquals(T1, third.createdAt());
      // Every plan stays recorded with its own snapshot set.
      assertEquals(List.of("plan1|2", "plan2|3", "plan3|2"), db.rows(
          "SELECT plan_id, COUNT(*) FROM venv_state.plan_snapshots GROUP BY plan_id ORDER BY plan_id"));
    }
  }

  /** A store that read dev keeps its plan's map; another store's update moves dev to a new plan. */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void aReaderSeesTheEnvironmentAnotherStoreUpdatedOrDeleted(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore writer = db.migratedStore();
      StateStore reader = StateStore.jdbc(db::connect, db.lock());
      finalize(writer, "dev", "plan1", V1, WEEK, T1, null);
      assertEquals(V1, reader.environment("dev").orElseThrow().snapshots());

      finalize(writer, "dev", "plan2", V2, WEEK, T2, "plan1");
      assertEquals(V2, reader.environment("dev").orElseThrow().snapshots());
      assertEquals("plan2", reader.environment("dev").orElseThrow().planId());

      writer.write(tx -> tx.deleteEnvironment("dev", "plan2"));
      assertEquals(Optional.empty(), reader.environment("dev"));
      finalize(writer, "dev", "plan3", V1, WEEK, T2, null);
      assertEquals(V1, reader.environment("dev").orElseThrow().snapshots());
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aStaleExpectedPlanIsRefusedAndChangesNothing(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore store = db.migratedStore();
      Environment dev = finalize(store, "dev", "plan1", V1, WEEK, T1, null);
      long version = store.stateVersion();
      Map<String, Long> counts = db.counts();

      SQLException wrong = assertThrows(SQLException.class,
          () -> finalize(store, "dev", "plan2", V2, WEEK, T2, "someOtherPlan"));
      SQLException exists = assertThrows(SQLException.class,
          () -> finalize(store, "dev", "plan3", V2, WEEK, T2, null));

      assertEquals("40001", wrong.getSQLState());
      assertTrue(wrong.getMessage().contains("dev"), wrong.getMessage());
      assertEquals("40001", exists.getSQLState());
      assertEquals(Optional.of(dev), store.environment("dev"));
      assertEquals(counts, db.counts());
      assertEquals(version, store.stateVersion());
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void updatingAnEnvironmentThatDoesNotExistIsRefused(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore store = db.migratedStore();

      SQLException e = assertThrows(SQLException.class, () -> finalize(store, "dev", "plan2", V2, WEEK, T2, "plan1"));

      assertEquals("40001", e.getSQLState());
      assertEquals(Optional.empty(), store.environment("dev"));
      assertEquals(0, db.count("plans"));
      assertEquals(0, store.stateVersion());
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void environmentsAreListedByName(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore store = db.migratedStore();
      finalize(store, "zeta", "pz", V1, WEEK, T1, null);
      finalize(store, "prod", "pp", V2, null, T1, null);
      finalize(store, "alpha", "pa", Map.of(), WEEK, T1, null);

      assertEquals(List.of("alpha", "prod", "zeta"), store.environments().stream().map(Environment::name).toList());
      assertEquals(V2, store.environment("prod").orElseThrow().snapshots());
      assertEquals(Map.of(), store.environment("alpha").orElseThrow().snapshots());
    }
  }
}
