package dev.venv.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.engine.Engine;
import dev.venv.model.ModelRepository;
import dev.venv.sql.SqlDialect;
import dev.venv.testing.ModelRepositories;
import dev.venv.testing.PostgresTestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Environment creation on a real PostgreSQL: seeds loaded by venv, advisory locks between creators. */
class PostgresEnvironmentsTest {
  @RegisterExtension static final PostgresTestDatabase pg = PostgresTestDatabase.perClass();

  @TempDir Path dir;

  @Test
  void prodThenDevOnPostgres() throws Exception {
    Path prodModels = ModelRepositories.copyShop(dir.resolve("prod"));
    Path devModels = ModelRepositories.copyShop(dir.resolve("dev"));
    ModelRepositories.edit(devModels.resolve("marts/customer_orders.sql"), "COUNT(v.order_id)  ", "COUNT(v.order_id) + 10");
    ModelRepositories.breakCustomerOrders(devModels);
    try (Environments environments = open()) {
      environments.create(ModelRepository.load(prodModels, SqlDialect.POSTGRES), "prod", "prod", null);
      List<String> prod = rows("SELECT customer_id, order_count FROM marts.customer_orders ORDER BY 1");
      assertEquals(12, prod.size());
      assertEquals("30", rows("SELECT count(*) FROM raw.orders").get(0), "the seed was loaded");
      assertEquals("date", rows("SELECT data_type FROM information_schema.columns WHERE table_schema = 'staging'"
          + " AND table_name = 'stg_orders' AND column_name = 'order_date'").get(0));

      TreeSet<String> before = physical();
      // two creators at once, each with its own engine, as two processes would be
      var a = CompletableFuture.supplyAsync(() -> create(devModels));
      var b = CompletableFuture.supplyAsync(() -> create(devModels));
      assertEquals(a.join().environment().planId(), b.join().environment().planId());
      assertTrue(a.join().changed() ^ b.join().changed(), "one built, the other found it done");
      TreeSet<String> built = physical();
      built.removeAll(before);
      assertEquals(3, built.size(), built::toString);

      List<String> dev = rows("SELECT customer_id, order_count FROM marts__dev.customer_orders ORDER BY 1");
      assertEquals(prod, rows("SELECT customer_id, order_count FROM marts.customer_orders ORDER BY 1"));
      for (int i = 0; i < prod.size(); i++) {
        assertEquals(Long.parseLong(prod.get(i).split("\\|")[1]) + 10, Long.parseLong(dev.get(i).split("\\|")[1]));
      }
    }
  }

  @Test
  void aJanitorThatHitsAFailureRemovesTheRestAndReportsIt() throws Exception {
    Path prodModels = ModelRepositories.copyShop(dir.resolve("prod"));
    Path devModels = ModelRepositories.copyShop(dir.resolve("dev"));
    ModelRepositories.edit(devModels.resolve("marts/customer_orders.sql"), "COUNT(v.order_id)  ", "COUNT(v.order_id) + 1");
    ModelRepositories.breakCustomerOrders(devModels);
    try (Environments environments = open()) {
      environments.create(ModelRepository.load(prodModels, SqlDialect.POSTGRES), "prod", "prod", null);
      environments.create(ModelRepository.load(devModels, SqlDialect.POSTGRES), "feature", "prod", null);
      TreeSet<String> withDev = physical();
      String blocked = rows("SELECT physical_schema || '.' || physical_table FROM venv_state.snapshots s"
          + " WHERE model = 'marts.customer_orders' AND fingerprint = '"
          + environments.environment("feature").orElseThrow().snapshots().get("marts.customer_orders") + "'").get(0);
      // a user's own view on one of feature's objects: PostgreSQL refuses to drop what it depends on
      try (Connection c = pg.open(); Statement s = c.createStatement()) {
        s.execute("CREATE VIEW public.mine AS SELECT * FROM " + blocked);
      }
      environments.invalidate("feature");

      Janitor.Report report = environments.janitor().run(false, true);

      assertEquals(1, report.failed().size(), report::toString);
      assertEquals(blocked, report.failed().get(0).object());
      assertTrue(report.failed().get(0).error().contains("depend"), report.failed().get(0).error());
      TreeSet<String> left = physical();
      assertTrue(left.contains(blocked), "the object that failed stays");
      assertEquals(withDev.size() - 2, left.size(), "feature's two other objects are gone: " + left);
      assertTrue(environments.environment("feature").isEmpty(), "the environment itself is gone");

      Janitor.Report again = environments.janitor().run(false, true);
      assertEquals(List.of(), again.removed(), "nothing else to remove");
      assertEquals(1, again.failed().size(), "the failure is reported again");
    }
  }

  /**
   * A build whose session dies: the error is the build's, naming the model, with a SQLState; the
   * lock release that then fails on the dead session is kept as suppressed, not thrown instead.
   */
  @Test
  void aBuildWhoseSessionDiesReportsTheBuildsErrorNotTheUnlocks() throws Exception {
    Path models = dir.resolve("models");
    ModelRepositories.write(models.resolve("s/boom.sql"),
        "MODEL (name s.boom, kind FULL);\nSELECT pg_terminate_backend(pg_backend_pid()) AS x\n");
    try (Environments environments = open()) {
      SQLException e = assertThrows(SQLException.class,
          () -> environments.create(ModelRepository.load(models, SqlDialect.POSTGRES), "boom", "prod", null));

      assertTrue(e.getMessage().contains("s.boom"), e.getMessage());
      assertTrue(e.getMessage().contains("terminat"), e.getMessage());
      assertNotNull(e.getSQLState(), e.getMessage());
      assertTrue(Arrays.stream(e.getSuppressed()).anyMatch(s -> s.getMessage().toLowerCase().contains("closed")),
          "the failed unlock is kept as suppressed: " + Arrays.toString(e.getSuppressed()));
      assertTrue(environments.environment("boom").isEmpty());
      // the pool got over it: the next create works
      ModelRepositories.write(models.resolve("s/boom.sql"), "MODEL (name s.boom, kind FULL);\nSELECT 1 AS x\n");
      environments.create(ModelRepository.load(models, SqlDialect.POSTGRES), "boom", "prod", null);
      assertEquals(List.of("1"), rows("SELECT x FROM s__boom.boom"));
    }
  }

  private Environments open() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", PostgresTestDatabase.USER);
    p.setProperty("password", PostgresTestDatabase.PASSWORD);
    return Environments.open(Engine.forUrl(pg.url(), p), BuildProgress.silent(), Duration.ofMinutes(1));
  }

  private Environments.Created create(Path models) {
    try (Environments environments = open()) {
      return environments.create(ModelRepository.load(models, SqlDialect.POSTGRES), "dev", "prod", null);
    } catch (SQLException e) {
      throw new RuntimeException(e);
    }
  }

  private TreeSet<String> physical() throws SQLException {
    return new TreeSet<>(rows("SELECT table_schema || '.' || table_name FROM information_schema.tables"
        + " WHERE table_schema LIKE 'venv\\_\\_%'"));
  }

  private List<String> rows(String sql) throws SQLException {
    try (Connection c = pg.open()) {
      return dev.venv.testing.Rows.of(c, sql);
    }
  }
}
