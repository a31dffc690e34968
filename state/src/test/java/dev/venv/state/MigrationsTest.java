package dev.venv.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.state.StateDatabase.Backend;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
      assertEquals(List.of("environments", "physical_objects", "plan_snapshots", "plans", "schema_version",
              "snapshot_metadata", "snapshots", "state_version"),
          db.rows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'venv_state'"
              + " ORDER BY table_name"));
      assertEquals(0, store.stateVersion());
      assertEquals(List.of(), store.environments());
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
      assertEquals(1, db.rows("SELECT version FROM venv_state.schema_version").size());
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
