package dev.venv.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.model.ModelRepository;
import dev.venv.sql.SqlDialect;
import dev.venv.state.Environment;
import dev.venv.testing.ModelRepositories;
import dev.venv.testing.Rows;
import dev.venv.testing.TrinoCluster;
import dev.venv.testing.TrinoWarehouse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LifecycleTest} (update, promote, invalidate, janitor, diff) on Trino, the third backend,
 * with the state in PostgreSQL: one sequence over one warehouse, as every environment costs
 * Trino seconds of DDL. Trino commits each statement on its own, so what {@link LifecycleTest}
 * gets from transactions comes here from the state database: the compare-and-set of racing
 * promotions, and views brought in line after the state commits while a driver connection keeps
 * routing to the snapshots it connected with.
 */
class TrinoLifecycleTest {
  private static final List<String> PROD_ROWS = List.of("1|2|30.50", "2|2|13.00", "3|1|30.00");
  private static final List<String> DEV_ROWS = List.of("1|1|10.50", "2|1|5.25", "3|1|30.00");

  @TempDir Path dir;
  private TrinoWarehouse w;

  @BeforeEach
  void warehouse() {
    w = TrinoWarehouse.open('l');
  }

  @AfterEach
  void dropTheRunsObjects() throws SQLException {
    if (w != null) {
      w.close();
    }
  }

  private ModelRepository load(Path models) throws Exception {
    return ModelRepository.load(models, SqlDialect.TRINO);
  }

  private List<String> rows(String env) throws SQLException {
    String schema = w.name("marts") + (env.equals("prod") ? "" : "__" + env);
    return w.rows("SELECT * FROM iceberg." + schema + ".customer_revenue ORDER BY customer_id");
  }

  @Test
  void updatePromoteDiffInvalidateAndJanitorOnTrino() throws Exception {
    Path prodModels = w.shop(dir.resolve("prod"), false);
    Path devModels = w.shop(dir.resolve("dev"), true);
    String revenue = w.name("marts.customer_revenue");
    String top = w.name("marts.top_customers");
    try (Environments environments = w.environments(null)) {
      environments.create(load(prodModels), "prod", "prod", null);
      Environments.Created dev = environments.create(load(devModels), "dev", "prod", null);
      assertEquals(List.of(revenue), dev.plan().models(ChangeCategory.DIRECTLY_MODIFIED));
      assertEquals(2, dev.plan().builds().size(), "customer_revenue and top_customers, which reads it");
      assertEquals(PROD_ROWS, rows("prod"));
      assertEquals(DEV_ROWS, rows("dev"));

      // diff: models and rows
      EnvironmentDiff diff = environments.diff("prod", "dev");
      assertEquals(List.of(), diff.added());
      assertEquals(List.of(), diff.removed());
      assertEquals(List.of(revenue, top), diff.modified().stream().map(EnvironmentDiff.ModelDifference::model).toList());
      RowDiff rowDiff = environments.rowDiff("prod", "dev", revenue, 3);
      assertEquals(List.of("customer_id"), rowDiff.grain());
      assertEquals(3, rowDiff.rowsA());
      assertEquals(0, rowDiff.onlyInA());
      assertEquals(0, rowDiff.onlyInB());
      assertEquals(2, rowDiff.changed());
      assertEquals(List.of("1", "2"), rowDiff.sampleChanged());

      // update: only the edited model is built; the previous plan is kept; unchanged views stay
      Environment before = environments.environment("dev").orElseThrow();
      TreeSet<String> commits = w.commits();
      ModelRepositories.edit(devModels.resolve("marts/top_customers.sql"), "revenue >= 15", "revenue >= 10");
      Environments.Created updated = environments.create(load(devModels), "dev", "prod", null);
      assertEquals(List.of(top), updated.plan().models(ChangeCategory.DIRECTLY_MODIFIED));
      assertEquals(1, updated.plan().builds().size());
      assertEquals(before.planId(), updated.environment().previousPlanId());
      assertEquals(List.of("1|10.50", "3|30.00"), w.rows("SELECT * FROM iceberg." + w.name("marts") + "__dev"
          + ".top_customers ORDER BY 1"));
      TreeSet<String> changed = w.commits();
      changed.removeAll(commits);
      assertEquals(1, changed.stream().filter(c -> !c.startsWith("venv__")).count(),
          "only dev's view of top_customers was replaced: " + changed);

      // a driver connection to prod, open across the promotions below, keeps the snapshots it connected with
      String sql = "SELECT * FROM " + revenue + " ORDER BY customer_id";
      Connection open = w.connect("prod", null);
      assertEquals(PROD_ROWS, Rows.of(open, sql));

      // two promotions that read prod's plan before either commits: the state database lets one win
      Path qaModels = w.shop(dir.resolve("qa"), false);
      ModelRepositories.edit(qaModels.resolve("marts/top_customers.sql"), "revenue >= 15", "revenue >= 20");
      environments.create(load(qaModels), "qa", "prod", null);
      Promotion devToProd = environments.preparePromotion("dev", "prod");
      Promotion qaToProd = environments.preparePromotion("qa", "prod");
      CyclicBarrier together = new CyclicBarrier(2);
      var first = CompletableFuture.supplyAsync(() -> commit(devToProd, together));
      var second = CompletableFuture.supplyAsync(() -> commit(qaToProd, together));
      List<Object> outcomes = List.of(first.join(), second.join());
      assertEquals(1, outcomes.stream().filter(o -> o instanceof Environment).count(), outcomes::toString);
      SQLException loser = (SQLException) outcomes.stream().filter(o -> o instanceof SQLException).findFirst()
          .orElseThrow();
      assertEquals("40001", loser.getSQLState(), loser.getMessage());
      Environment winner = (Environment) outcomes.stream().filter(o -> o instanceof Environment).findFirst()
          .orElseThrow();
      String winnerName = winner.snapshots().equals(environments.environment("dev").orElseThrow().snapshots())
          ? "dev" : "qa";

      // promote: nothing built, prod reads the source's rows through the views, the plan chain kept
      TreeSet<String> physical = w.physicalObjects();
      String prodPlan = environments.environment("prod").orElseThrow().planId();
      Environment prod = environments.promote("dev", "prod");
      assertEquals(physical, w.physicalObjects(), "nothing built, nothing dropped");
      assertEquals(environments.environment("dev").orElseThrow().snapshots(), prod.snapshots());
      assertEquals(prodPlan, prod.previousPlanId());
      assertEquals(DEV_ROWS, rows("prod"));
      assertEquals(List.of("1|10.50", "3|30.00"), w.rows("SELECT * FROM iceberg." + w.name("marts")
          + ".top_customers ORDER BY 1"), "prod's views were swapped (" + winnerName + " won the race)");
      assertEquals(null, prod.expiresAt(), "prod never expires");
      try (Connection after = w.connect("prod", null)) {
        assertEquals(DEV_ROWS, Rows.of(after, sql), "a new connection reads the promoted snapshots");
      }
      assertEquals(PROD_ROWS, Rows.of(open, sql), "an open connection keeps its snapshots until it reconnects");
      open.close();
      SQLException e = assertThrows(SQLException.class, () -> environments.invalidate("prod"));
      assertEquals("55000", e.getSQLState());

      // build debris of a crashed build is collected
      String debris = "venv__" + w.name("marts") + "." + w.name("marts") + "__x__0123456789abcdef__build_deadbeef";
      try (Connection owner = TrinoCluster.connect(TrinoCluster.OWNER); Statement s = owner.createStatement()) {
        s.execute("CREATE TABLE iceberg." + debris + " AS SELECT 1 AS a");
      }

      // invalidate qa and dev; a dry run removes nothing; the janitor removes what no environment holds
      environments.invalidate("qa");
      environments.invalidate("dev");
      TreeSet<String> objects = w.physicalObjects();
      TreeSet<String> views = w.views();
      Janitor.Report dry = environments.janitor().run(true, true);
      assertFalse(dry.removed().isEmpty());
      assertEquals(objects, w.physicalObjects());
      assertEquals(views, w.views());
      assertTrue(environments.environment("dev").isPresent());

      Janitor.Report report = environments.janitor().run(false, true);
      assertTrue(report.failed().isEmpty(), report::toString);
      TreeSet<String> held = new TreeSet<>();
      environments.state().snapshots(environments.environment("prod").orElseThrow().snapshotIds()).values()
          .forEach(s -> held.add(s.physical().toString()));
      assertEquals(held, w.physicalObjects(), "prod's old tables, qa's and the debris are gone; prod's own stay");
      assertTrue(environments.environment("dev").isEmpty());
      assertTrue(environments.environment("qa").isEmpty());
      assertTrue(w.views().stream().noneMatch(v -> v.contains("__dev.") || v.contains("__qa.")), w.views()::toString);
      assertEquals(DEV_ROWS, rows("prod"), "prod still reads");
      assertTrue(report.removed().contains(new Janitor.Action("debris table", debris, w.name("marts.x"), null)),
          report::toString);

      Janitor.Report again = environments.janitor().run(false, true);
      assertEquals(List.of(), again.removed(), "a second janitor changes nothing");
      assertEquals(List.of(), again.failed());
    }
  }

  private static Object commit(Promotion promotion, CyclicBarrier together) {
    try {
      together.await();
      return promotion.commit();
    } catch (SQLException e) {
      return e;
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  /**
   * Views commit on their own on Trino: a promotion whose second view fails (dev's object for it is
   * gone) after the first was replaced puts that one back, so prod's views still say what prod's
   * state says ({@link ViewRepairTest} makes what a died one leaves, on DuckDB with its state apart).
   */
  @Test
  void aPromotionThatFailsHalfwayPutsItsViewsBackOnTrino() throws Exception {
    Path prodModels = w.shop(dir.resolve("prod"), false);
    Path devModels = w.shop(dir.resolve("dev"), true);
    try (Environments environments = w.environments(null)) {
      environments.create(load(prodModels), "prod", "prod", null);
      environments.create(load(devModels), "dev", "prod", null);
      List<String> swapped = environments.preparePromotion("dev", "prod").plan().changes().stream()
          .filter(c -> c.category() != ChangeCategory.UNCHANGED).map(ModelChange::model).toList();
      assertEquals(2, swapped.size(), swapped::toString);
      Environment dev = environments.environment("dev").orElseThrow();
      String gone = environments.state().snapshots(dev.snapshotIds()).values().stream()
          .filter(snapshot -> snapshot.model().equals(swapped.get(1))).findFirst().orElseThrow().physical().quoted();
      try (Connection owner = TrinoCluster.connect(TrinoCluster.OWNER); Statement st = owner.createStatement()) {
        st.execute("DROP TABLE iceberg." + gone);
      }
      assertThrows(SQLException.class, () -> environments.promote("dev", "prod"));
      assertEquals(PROD_ROWS, rows("prod"), "prod's views read prod's snapshots, as its state says");
      assertEquals(java.util.Map.of(), environments.state().viewIntents(), "put back: nothing left to repair");
    }
  }
}
