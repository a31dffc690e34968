package dev.venv.state;

import static dev.venv.state.StateDatabase.fingerprint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.state.StateDatabase.Backend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MigrationsTest {
  @RegisterExtension static final PostgresTestDatabase pg = new PostgresTestDatabase();

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Backend.class)
  void migratingAnEmptyDatabaseCreatesTheSchemaAtTheLatestVersion(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore store = db.store();

      assertEquals(Migrations.latest(), store.migrate());

      List<String> applied = db.rows("SELECT version, description FROM venv_state.schema_version ORDER BY version");
      List<String> expected = new ArrayList<>();
      for (Migration m : Migrations.ALL) {
        expected.add(m.version() + "|" + m.description());
      }
      assertEquals(expected, applied);
      assertEquals(List.of("1"), db.rows("SELECT COUNT(*) FROM venv_state.schema_version WHERE applied_at IS NOT NULL"
          + " AND version = " + Migrations.latest()));
      assertEquals(List.of("backend", "environments", "physical_objects", "plan_snapshots", "plans", "schema_version",
              "snapshots", "state_version", "view_intents"),
          db.rows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'venv_state'"
              + " ORDER BY table_name"));
      assertEquals(0, store.stateVersion());
      assertEquals(List.of(), store.environments());
    }
  }

  /**
   * A state written by the first release (V001, snapshots keyed on the fingerprint alone) keeps
   * every snapshot, its metadata and every environment's routing through the upgrade. A plan that
   * held t.b and u.c at s.a's fingerprint (one query, one V001 row) gets a (model, fingerprint)
   * snapshot for each: on the model's own object of that version where one was built (u.c), else on
   * the object s.a's row names (t.b).
   */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void upgradingAFirstReleaseStateKeepsItsData(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      try (Connection c = db.connect()) {
        assertEquals(1, Migrations.migrate(c, 1));
      }
      String shared = fingerprint("42");
      String other = fingerprint("orders");
      String v = shared.substring(0, 16);
      String snapshot = "INSERT INTO venv_state.snapshots (fingerprint, model, data_fingerprint, metadata_fingerprint,"
          + " definition_fingerprint, version, kind, physical_schema, physical_table, query_text, parents, model_path,"
          + " created_at) VALUES ('%s', '%s', '%s', '%s', '%s', '%s', 'FULL', '%s', '%s', '%s', '%s', '%s',"
          + " TIMESTAMP '2024-01-02 03:04:05.678901')";
      db.execute(snapshot.formatted(shared, "s.a", fingerprint("d42"), fingerprint("m42"), fingerprint("x42"), v,
          "venv__s", "s__a__" + v, "SELECT 42 AS x", "", "models/s/a.sql"));
      db.execute(snapshot.formatted(other, "s.orders", fingerprint("do"), fingerprint("mo"), fingerprint("xo"),
          other.substring(0, 16), "venv__s", "s__orders__" + other.substring(0, 16), "SELECT * FROM s.a", "s.a",
          "models/s/orders.sql"));
      db.execute("INSERT INTO venv_state.snapshot_metadata (fingerprint, property, value_text) VALUES"
          + " ('" + shared + "', 'owner', 'finance'), ('" + other + "', 'grain', 'id'), ('" + other + "', 'tags', '[a]')");
      db.execute("INSERT INTO venv_state.physical_objects VALUES ('venv__s', 's__a__" + v + "', 's.a', '" + v
          + "', 'TABLE', TIMESTAMP '2024-01-02 03:04:06'), ('venv__u', 'u__c__" + v + "', 'u.c', '" + v
          + "', 'TABLE', TIMESTAMP '2024-01-02 03:04:06')");
      db.execute("INSERT INTO venv_state.plans VALUES ('p1', 'prod', NULL, TIMESTAMP '2024-01-02 03:04:07')");
      db.execute("INSERT INTO venv_state.plan_snapshots VALUES ('p1', 's.a', '" + shared + "'), ('p1', 't.b', '"
          + shared + "'), ('p1', 'u.c', '" + shared + "'), ('p1', 's.orders', '" + other + "')");
      db.execute("INSERT INTO venv_state.environments VALUES ('prod', 'p1', NULL, NULL, TIMESTAMP '2024-01-02 03:04:07',"
          + " TIMESTAMP '2024-01-02 03:04:07', TIMESTAMP '2024-01-02 03:04:07', NULL, NULL)");

      StateStore store = db.store();
      assertEquals(Migrations.latest(), store.migrate());

      assertEquals(List.of("1", "2", "3", "4", "5"),
          db.rows("SELECT version FROM venv_state.schema_version ORDER BY version"));
      Map<SnapshotId, Snapshot> read = store.snapshots(List.of(new SnapshotId("s.a", shared),
          new SnapshotId("t.b", shared), new SnapshotId("u.c", shared), new SnapshotId("s.orders", other)));
      assertEquals(4, read.size(), read::toString);
      Snapshot a = read.get(new SnapshotId("s.a", shared));
      Snapshot b = read.get(new SnapshotId("t.b", shared));
      Snapshot uc = read.get(new SnapshotId("u.c", shared));
      assertEquals(new PhysicalName("venv__s", "s__a__" + v), a.physical());
      assertEquals(a.physical(), b.physical(), "no object of t.b was built: it reads s.a's, as its view did");
      assertEquals(new PhysicalName("venv__u", "u__c__" + v), uc.physical(), "u.c's own object was built");
      assertEquals(Map.of("owner", "finance"), a.metadata());
      assertEquals(Map.of("owner", "finance"), b.metadata());
      assertEquals(Map.of("owner", "finance"), uc.metadata());
      Snapshot orders = read.get(new SnapshotId("s.orders", other));
      assertEquals(Map.of("grain", "id", "tags", "[a]"), orders.metadata());
      assertEquals(List.of("s.a"), orders.parents());
      assertEquals(Instant.parse("2024-01-02T03:04:05.678901Z"), orders.createdAt());

      RoutingState prod = store.routingState("prod").orElseThrow();
      assertEquals(Set.of("s.a", "t.b", "u.c", "s.orders"), prod.snapshots().keySet());
      assertEquals("t.b", prod.snapshots().get("t.b").model());
      assertEquals(uc.physical(), prod.snapshots().get("u.c").physical());

      // the new key: another model's snapshot at a known fingerprint is recorded beside it
      Snapshot c = new Snapshot("w.d", shared, a.dataFingerprint(), a.metadataFingerprint(),
          a.definitionFingerprint(), v, "FULL", PhysicalName.of("w", "d", v), a.query(), List.of(), "models/w/d.sql",
          Map.of("owner", "ops"), Instant.parse("2024-02-03T00:00:00Z"));
      store.write(tx -> {
        tx.saveSnapshots(List.of(c));
        return null;
      });
      assertEquals(c, store.snapshots(List.of(c.id())).get(c.id()));
      assertEquals(a, store.snapshots(List.of(a.id())).get(a.id()));
    }
  }

  /**
   * A state of V004 (metadata a row per property) keeps every snapshot's metadata, as written,
   * when V005 folds it into the snapshot's row; a snapshot without metadata reads none.
   */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void upgradingMetadataRowsKeepsEveryPropertyAsWritten(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      try (Connection c = db.connect()) {
        assertEquals(4, Migrations.migrate(c, 4));
      }
      String a = fingerprint("a");
      String b = fingerprint("b");
      String snapshot = "INSERT INTO venv_state.snapshots (model, fingerprint, data_fingerprint, metadata_fingerprint,"
          + " definition_fingerprint, version, kind, physical_schema, physical_table, query_text, parents, model_path,"
          + " created_at) VALUES ('%s', '%s', '%s', '%s', '%s', '%s', 'FULL', 'venv__s', '%s', 'SELECT 1 AS x', '',"
          + " 'models/x.sql', TIMESTAMP '2024-01-02 03:04:05')";
      db.execute(snapshot.formatted("s.a", a, a, a, a, a.substring(0, 16), "s__a__" + a.substring(0, 16)));
      db.execute(snapshot.formatted("s.b", b, b, b, b, b.substring(0, 16), "s__b__" + b.substring(0, 16)));
      db.execute("INSERT INTO venv_state.snapshot_metadata (model, fingerprint, property, value_text) VALUES"
          + " ('s.a', '" + a + "', 'owner', 'finance'),"
          + " ('s.a', '" + a + "', 'description', 'a=b, c\\d' || chr(10) || 'second \\n line =')," 
          + " ('s.a', '" + a + "', 'x_empty', ''),"
          + " ('s.a', '" + a + "', 'grain', '(id, day)')");

      assertEquals(Migrations.latest(), db.store().migrate());

      Map<SnapshotId, Snapshot> read = db.store().snapshots(List.of(new SnapshotId("s.a", a), new SnapshotId("s.b", b)));
      assertEquals(Map.of("owner", "finance", "description", "a=b, c\\d\nsecond \\n line =", "x_empty", "",
          "grain", "(id, day)"), read.get(new SnapshotId("s.a", a)).metadata());
      assertEquals(Map.of(), read.get(new SnapshotId("s.b", b)).metadata());
      assertEquals(List.of(), db.rows("SELECT table_name FROM information_schema.tables"
          + " WHERE table_schema = 'venv_state' AND table_name = 'snapshot_metadata'"));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aSecondMigrateChangesNothing(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore store = db.store();
      store.migrate();
      List<String> before = db.rows("SELECT version, description, applied_at FROM venv_state.schema_version");

      assertEquals(Migrations.latest(), store.migrate());
      assertEquals(Migrations.latest(), db.store().migrate());

      assertEquals(before, db.rows("SELECT version, description, applied_at FROM venv_state.schema_version"));
      assertEquals(List.of("1|0"), db.rows("SELECT id, version FROM venv_state.state_version"));
      assertEquals(0, store.stateVersion());
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void migrationSurvivesAReopen(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      db.store().migrate();
      db.reopen();
      assertEquals(Migrations.latest(), db.store().migrate());
      assertEquals(Migrations.ALL.size(), db.rows("SELECT version FROM venv_state.schema_version").size());
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aSchemaNewerThanTheCodeIsRefused(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      db.store().migrate();
      int future = Migrations.latest() + 1;
      db.execute("INSERT INTO venv_state.schema_version (version, description, applied_at)"
          + " VALUES (" + future + ", 'from the future', TIMESTAMP '2030-01-01 00:00:00')");

      SQLException e = assertThrows(SQLException.class, () -> db.store().migrate());

      assertEquals("55000", e.getSQLState());
      assertTrue(e.getMessage().contains(String.valueOf(future)), e.getMessage());
      assertEquals(Migrations.ALL.size() + 1, db.rows("SELECT version FROM venv_state.schema_version").size());
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void concurrentMigratesApplyEachMigrationOnce(Backend backend) throws Exception {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          StateStore store = db.store();
          results.add(pool.submit((Callable<Integer>) store::migrate));
        }
        for (Future<Integer> result : results) {
          assertEquals(Migrations.latest(), result.get());
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(Migrations.ALL.size(), db.rows("SELECT version FROM venv_state.schema_version").size());
      assertEquals(List.of("1|0"), db.rows("SELECT id, version FROM venv_state.state_version"));
    }
  }
}
