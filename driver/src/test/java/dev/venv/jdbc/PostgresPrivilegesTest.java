package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.venv.engine.Engine;
import dev.venv.env.BuildProgress;
import dev.venv.env.Environments;
import dev.venv.model.ModelRepository;
import dev.venv.sql.SqlDialect;
import dev.venv.testing.ModelRepositories;
import dev.venv.testing.PostgresCatalog;
import dev.venv.testing.PostgresTestDatabase;
import dev.venv.testing.Rows;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's acceptance on PostgreSQL with two roles: the writes of holes 1, 3, 12, 14 and 15, sent
 * through the client's <em>raw</em> session (plain PgJDBC as the client role, no venv driver and so
 * no statement classifier), are refused by PostgreSQL itself, and nothing of venv's changes.
 */
class PostgresPrivilegesTest {
  @RegisterExtension static final PostgresTestDatabase pg = PostgresTestDatabase.perClassTwoRoles();

  @TempDir Path dir;

  @Test
  void theDatabaseRefusesEveryWriteOfTheClientToVenvsObjects() throws Exception {
    createProdDevAndFault();
    String physical = ownerRows("SELECT quote_ident(table_schema) || '.' || quote_ident(table_name)"
        + " FROM information_schema.view_table_usage WHERE view_schema = 'marts' AND view_name = 'customer_orders'")
        .get(0);
    String physicalView = ownerRows("SELECT quote_ident(table_schema) || '.' || quote_ident(table_name)"
        + " FROM information_schema.view_table_usage WHERE view_schema = 'staging' AND view_name = 'stg_customers'")
        .get(0);
    try (Connection reader = pg.openAsReader()) {
      assertEquals(12, Rows.of(reader, "SELECT * FROM marts.customer_orders").size(),
          "the client reads venv's objects: what follows fails for writing, not for reading");
      assertEquals(12, Rows.of(reader, "SELECT * FROM " + physical).size());
    }
    Map<String, String> before = catalog();

    List<Executable> refusals = new ArrayList<>();
    // Hole 1: prod's view of a model dev lacks, and another environment's view.
    refused(refusals, "DELETE FROM analytics.slow_totals");
    refused(refusals, "UPDATE analytics.slow_totals SET total = 0");
    refused(refusals, "DROP VIEW analytics.slow_totals");
    refused(refusals, "UPDATE analytics__fault.slow_totals SET total = 0");
    refused(refusals, "DELETE FROM analytics__fault.slow_totals");
    refused(refusals, "DROP VIEW analytics__fault.slow_totals");
    // Hole 3 (and 12): the session schema moved onto prod's views, then a bare write.
    refused(refusals, "SET search_path = marts; DELETE FROM customer_orders");
    refused(refusals, "SET search_path = marts", "DELETE FROM customer_orders");
    refusals.add(() -> {
      try (Connection reader = pg.openAsReader(); Statement s = reader.createStatement()) {
        s.addBatch("SET search_path = marts");
        s.addBatch("DELETE FROM customer_orders");
        BatchUpdateException e = assertThrows(BatchUpdateException.class, s::executeBatch);
        assertRefusedByTheDatabase(e.getNextException() != null ? e.getNextException() : e, "batched SET then bare DELETE");
      }
    });
    refused(refusals, "SELECT set_config('search_path', 'mar' || 'ts', false)", "DELETE FROM customer_orders");
    refused(refusals, "DO $$ BEGIN SET search_path = marts; END $$", "DELETE FROM customer_orders");
    // Hole 14: SQL computed at run time.
    refused(refusals, "DO $$ BEGIN EXECUTE 'DELETE FROM marts.customer_ord' || 'ers'; END $$");
    refused(refusals, "DO $$ BEGIN DELETE FROM venv_state.environments; END $$");
    refused(refusals, "CREATE FUNCTION scratch.run(q text) RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE q; END $$",
        "SELECT scratch.run('DELETE FROM marts.customer_orders')");
    refusals.add(() -> {
      try (Connection reader = pg.openAsReader()) {
        try (Statement s = reader.createStatement()) {
          s.execute("CREATE OR REPLACE FUNCTION scratch.run(q text) RETURNS void LANGUAGE plpgsql"
              + " AS $$ BEGIN EXECUTE q; END $$");
        }
        try (CallableStatement call = reader.prepareCall("{call scratch.run(?)}")) {
          call.setString(1, "UPDATE marts__dev.customer_orders SET order_count = 0");
          SQLException e = assertThrows(SQLException.class, call::execute);
          assertRefusedByTheDatabase(e, "{call scratch.run(?)}");
        }
      }
    });
    // Hole 15: writes through the client's own views, and indirect changes.
    refused(refusals, "CREATE VIEW scratch.v3 AS SELECT * FROM marts__dev.customer_orders",
        "UPDATE scratch.v3 SET order_count = 0");
    refused(refusals, "CREATE VIEW scratch.v4 AS SELECT * FROM " + physical, "DELETE FROM scratch.v4");
    refused(refusals, "CREATE TEMPORARY VIEW v5 AS SELECT * FROM marts.customer_orders", "DELETE FROM v5");
    refused(refusals, "DELETE FROM " + physicalView); // a VIEW model's physical view, auto-updatable
    // venv's state and physical tables, named directly.
    refused(refusals, "DELETE FROM venv_state.environments");
    refused(refusals, "UPDATE venv_state.environments SET expires_at = now()");
    refused(refusals, "TRUNCATE venv_state.snapshots");
    refused(refusals, "DROP TABLE venv_state.environments");
    refused(refusals, "DELETE FROM " + physical);
    refused(refusals, "TRUNCATE " + physical);
    refused(refusals, "ALTER TABLE " + physical + " RENAME TO mine");
    refused(refusals, "DROP TABLE " + physical + " CASCADE");
    refused(refusals, "SELECT * FROM " + physical + " FOR UPDATE");
    refused(refusals, "BEGIN", "LOCK TABLE " + physical + " IN ACCESS EXCLUSIVE MODE");
    refused(refusals, "CREATE STATISTICS scratch.s (ndistinct) ON customer_id, order_count FROM " + physical);
    refused(refusals, "COMMENT ON VIEW marts.customer_orders IS 'mine'");
    refused(refusals, "CREATE OR REPLACE VIEW marts.customer_orders AS SELECT 1 AS x");
    refused(refusals, "ALTER VIEW marts__dev.customer_orders RENAME TO mine");
    // Hole 7 and 17: the client's own objects never land in venv's schemas.
    refused(refusals, "CREATE TABLE marts.mine (x int)");
    refused(refusals, "CREATE TABLE marts__dev.mine (x int)");
    refused(refusals, "CREATE TABLE venv__marts.mine (x int)");
    refused(refusals, "CREATE VIEW venv_state.mine AS SELECT 1 AS x");
    refused(refusals, "CREATE SCHEMA venv__mine");
    refused(refusals, "CREATE TABLE scratch.t (x int)", "ALTER TABLE scratch.t SET SCHEMA venv__marts");
    refused(refusals, "CREATE TABLE scratch.u (x int)", "ALTER TABLE scratch.u SET SCHEMA marts__dev");
    assertAll(refusals);

    // DROP OWNED drops what the client owns (its scratch schema) and nothing of venv's.
    try (Connection reader = pg.openAsReader(); Statement s = reader.createStatement()) {
      s.execute("DROP OWNED BY CURRENT_USER");
      assertEquals(12, Rows.of(reader, "SELECT * FROM marts.customer_orders").size(), "the client still reads prod");
    }

    Map<String, String> after = catalog();
    assertEquals(before.keySet(), after.keySet(), "no venv object appeared or vanished");
    for (String object : before.keySet()) {
      assertEquals(before.get(object), after.get(object), object + " is unchanged");
    }
    assertFalse(before.isEmpty());
  }

  /**
   * PostgreSQL refused the write itself: for lack of a privilege ({@code 42501}), or, through an
   * environment's view, because venv makes those views not updatable ({@code 55000}, which
   * PostgreSQL checks before privileges).
   */
  private static void assertRefusedByTheDatabase(SQLException e, String what) {
    String state = e.getSQLState();
    assertTrue("42501".equals(state) || "55000".equals(state) && e.getMessage().contains("view"),
        what + ": " + state + " " + e.getMessage());
  }

  /**
   * Runs {@code statements} in a fresh raw session of the client, each but the last succeeding, the
   * last refused by PostgreSQL itself ({@link #assertRefusedByTheDatabase}).
   */
  private static void refused(List<Executable> refusals, String... statements) {
    refusals.add(() -> {
      try (Connection reader = pg.openAsReader(); Statement s = reader.createStatement()) {
        for (int i = 0; i < statements.length - 1; i++) {
          s.execute(statements[i]);
        }
        String last = statements[statements.length - 1];
        try {
          s.execute(last);
        } catch (SQLException e) {
          assertRefusedByTheDatabase(e, last);
          return;
        }
        fail("PostgreSQL ran the client's " + String.join("; ", statements));
      }
    });
  }

  private static String rootState(SQLException e) {
    SQLException next = e.getNextException();
    return next != null ? next.getSQLState() : e.getSQLState();
  }

  /** prod (with analytics.slow_totals), fault (prod's models) and dev (without slow_totals, one model changed). */
  private void createProdDevAndFault() throws SQLException {
    Path prodModels = ModelRepositories.copyShop(dir.resolve("prod"));
    ModelRepositories.write(prodModels.resolve("analytics/slow_totals.sql"), "MODEL (name analytics.slow_totals, kind FULL);\n"
        + "SELECT customer_id, order_count AS total FROM marts.customer_orders");
    Path devModels = ModelRepositories.copyShop(dir.resolve("dev"));
    ModelRepositories.edit(devModels.resolve("marts/customer_orders.sql"), "COUNT(v.order_id)  ", "COUNT(v.order_id) + 1");
    try (Environments environments = Environments.open(
        Engine.forUrl(pg.url(), PostgresTestDatabase.readerProperties(), PostgresTestDatabase.ownerProperties()),
        BuildProgress.silent(), Duration.ofMinutes(1))) {
      environments.create(ModelRepository.load(prodModels, SqlDialect.POSTGRES), "prod", "prod", null);
      environments.create(ModelRepository.load(prodModels, SqlDialect.POSTGRES), "fault", "prod", null);
      environments.create(ModelRepository.load(devModels, SqlDialect.POSTGRES), "dev", "prod", null);
    }
  }

  private static Map<String, String> catalog() throws SQLException {
    try (Connection owner = pg.open()) {
      return PostgresCatalog.describe(owner);
    }
  }

  private static List<String> ownerRows(String sql) throws SQLException {
    try (Connection owner = pg.open()) {
      return Rows.of(owner, sql);
    }
  }
}
