package dev.venv.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.analysis.ChangeAssessment;
import dev.venv.model.ModelRepository;
import dev.venv.state.Snapshot;
import dev.venv.testing.ModelRepositories;
import dev.venv.testing.Warehouse;
import dev.venv.testing.Warehouse.Backend;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The acceptance of change categories on examples/shop: what a change to one model rebuilds, and
 * that an environment that reuses its descendants reads the rows of one that rebuilt them all.
 */
class ChangeCategoriesTest {
  private static final String STG_ORDERS = "staging/stg_orders.sql";
  private static final Set<String> BELOW_STG_ORDERS = Set.of("staging.stg_orders", "marts.customer_orders",
      "marts.daily_revenue", "marts.product_sales", "marts.customer_lifetime", "marts.country_revenue");

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Backend.class)
  void addingAColumnBuildsOnlyThatModel(Backend backend) throws Exception {
    try (Warehouse w = Warehouse.open(backend, dir); Environments environments = prod(w)) {
      Path dev = edited("dev", STG_ORDERS, "AS quantity\n", "AS quantity,\n  o.quantity * 2 AS double_quantity\n");
      Plan plan = environments.create(ModelRepository.load(dev), "dev", "prod", null).plan();

      assertEquals(List.of("staging.stg_orders"), built(plan));
      ModelChange stg = change(plan, "staging.stg_orders");
      assertEquals(ChangeAssessment.Category.NON_BREAKING, stg.reason().category());
      assertEquals("non-breaking: +double_quantity", stg.reason().describe(true));
      ModelChange daily = change(plan, "marts.daily_revenue");
      assertEquals(ChangeCategory.INDIRECTLY_MODIFIED, daily.category());
      assertEquals(daily.previousPhysical(), daily.physical(), "reused under a new fingerprint");
      assertEquals("reused: does not read double_quantity", daily.reason().describe(false));
      assertSameRowsAsBreakingAll(w, environments, dev);
    }
  }

  /**
   * refresh=auto and create's fast path ask whether an environment holds the repository's models:
   * one whose descendants kept their versions holds them under other fingerprints than the plain
   * ones, and must still count as holding them (a read-only refresh=auto connect would be refused).
   */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void anEnvironmentWithReusedModelsHoldsTheRepositoryExactly(Backend backend) throws Exception {
    try (Warehouse w = Warehouse.open(backend, dir); Environments environments = prod(w)) {
      Path dev = edited("dev", STG_ORDERS, "AS quantity\n", "AS quantity,\n  1 AS one\n");
      ModelRepository repository = ModelRepository.load(dev);
      environments.create(repository, "dev", "prod", null);
      var held = environments.environment("dev").orElseThrow();

      assertTrue(Environments.holdsExactly(held, repository, environments.state()));
      assertEquals(false, environments.create(repository, "dev", "prod", null).changed());
      Path other = edited("other", STG_ORDERS, "AS quantity\n", "AS quantity,\n  2 AS one\n");
      assertEquals(false, Environments.holdsExactly(held, ModelRepository.load(other), environments.state()));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void changingAColumnOneModelReadsRebuildsOnlyThatReader(Backend backend) throws Exception {
    try (Warehouse w = Warehouse.open(backend, dir); Environments environments = prod(w)) {
      Path dev = edited("dev", "staging/stg_products.sql", "LOWER(TRIM(p.category))", "UPPER(TRIM(p.category))");
      Plan plan = environments.create(ModelRepository.load(dev), "dev", "prod", null).plan();

      assertEquals(List.of("marts.product_sales", "staging.stg_products"), built(plan));
      assertEquals("partial breaking: category", change(plan, "staging.stg_products").reason().describe(true));
      assertEquals("rebuilt: reads category", change(plan, "marts.product_sales").reason().describe(true));
      assertEquals("reused: does not read category", change(plan, "marts.daily_revenue").reason().describe(false));
      assertSameRowsAsBreakingAll(w, environments, dev);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void changingAWhereClauseRebuildsEveryDescendant(Backend backend) throws Exception {
    try (Warehouse w = Warehouse.open(backend, dir); Environments environments = prod(w)) {
      Path dev = edited("dev", STG_ORDERS, "WHERE o.quantity > 0", "WHERE o.quantity > 1");
      Plan plan = environments.create(ModelRepository.load(dev), "dev", "prod", null).plan();

      assertEquals(new TreeSet<>(BELOW_STG_ORDERS), new TreeSet<>(built(plan)));
      assertTrue(change(plan, "staging.stg_orders").reason().describe(true).startsWith("breaking: more than the"
          + " select list changed"));
      assertSameRowsAsBreakingAll(w, environments, dev);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aChangeNeitherParserReadsIsBreakingAndThePlanSaysWhy(Backend backend) throws Exception {
    try (Warehouse w = Warehouse.open(backend, dir); Environments environments = prod(w)) {
      Path dev = edited("dev", STG_ORDERS, "WHERE o.quantity > 0", "WHERE o.quantity > 0 AND (((");
      Plan plan = environments.plan(ModelRepository.load(dev), "dev", "prod");

      ModelChange stg = change(plan, "staging.stg_orders");
      assertEquals(ChangeAssessment.Category.BREAKING, stg.reason().category());
      assertTrue(stg.reason().reason().startsWith("neither parser reads it (Calcite: "), stg.reason().reason());
      assertEquals(new TreeSet<>(BELOW_STG_ORDERS), new TreeSet<>(built(plan)));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void breakingOverrideRebuildsWhatAnEarlierPlanReused(Backend backend) throws Exception {
    try (Warehouse w = Warehouse.open(backend, dir); Environments environments = prod(w)) {
      Path dev = edited("dev", STG_ORDERS, "AS quantity\n", "AS quantity,\n  1 AS one\n");
      Plan reused = environments.create(ModelRepository.load(dev), "dev", "prod", null).plan();
      assertEquals(1, reused.builds().size());

      // the same repository from the same baseline, forced: a snapshot of the reusing plan, keyed
      // by (model, fingerprint) and kept by KnownSnapshots, must not stand in for the rebuilt one
      Plan forced = environments.create(ModelRepository.load(dev), "forced", "prod", null,
          new BreakingOverrides(false, Set.of("staging.stg_orders"))).plan();
      TreeSet<String> descendants = new TreeSet<>(BELOW_STG_ORDERS);
      descendants.remove("staging.stg_orders"); // dev built it already: one version, one object
      assertEquals(descendants, new TreeSet<>(built(forced)));
      Snapshot reusedDaily = reused.snapshots().get("marts.daily_revenue");
      Snapshot forcedDaily = forced.snapshots().get("marts.daily_revenue");
      assertNotEquals(reusedDaily.physical(), forcedDaily.physical());
      assertNotEquals(reusedDaily.fingerprint(), forcedDaily.fingerprint(), "the version is in the identity");
      assertEquals("breaking: --breaking staging.stg_orders",
          change(forced, "staging.stg_orders").reason().describe(true));

      // and planning the automatic way again finds the reusing snapshots, not the forced ones
      Plan again = environments.plan(ModelRepository.load(dev), "again", "prod");
      assertEquals(reusedDaily.id(), again.snapshots().get("marts.daily_revenue").id());
      assertEquals(reusedDaily.physical(), again.snapshots().get("marts.daily_revenue").physical());
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aViewOverAReusedParentIsRebuiltAndEveryEnvironmentStaysReadableAfterTheJanitor(Backend backend)
      throws Exception {
    try (Warehouse w = Warehouse.open(backend, dir)) {
      Path prodModels = withView(ModelRepositories.copyShop(dir.resolve("prod")));
      try (Environments environments = w.environments()) {
        environments.create(ModelRepository.load(prodModels), "prod", "prod", null);
        Path dev = withView(edited("dev", "marts/customer_orders.sql", "MAX(v.order_date)                                          AS last_order_date",
            "MAX(v.order_date) AS last_order_date, 1 AS one"));
        Plan plan = environments.create(ModelRepository.load(dev), "dev", "prod", null).plan();
        // customer_lifetime (FULL) keeps its table; the view over it keeps reading it; the view over
        // customer_orders reads its new table, so it is rebuilt, and is itself a change of nothing
        assertEquals(List.of("marts.customer_orders", "marts.orders_view"), built(plan));
        assertEquals("rebuilt: a view reads its parents' new physical objects",
            change(plan, "marts.orders_view").reason().describe(true));
        Map<String, List<String>> devRows = allRows(w, "dev", plan);

        environments.promote("dev", "prod");
        environments.invalidate("dev");
        environments.janitor().run(false, true);

        assertEquals(devRows, allRows(w, "prod", plan), "prod reads what dev read, after the janitor");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aSeedWithOnlyAddedColumnsIsNonBreaking(Backend backend) throws Exception {
    try (Warehouse w = Warehouse.open(backend, dir); Environments environments = prod(w)) {
      Path dev = ModelRepositories.copyShop(dir.resolve("dev"));
      Path csv = dev.resolve("../seeds/orders.csv").normalize();
      StringBuilder widened = new StringBuilder();
      String[] lines = ModelRepositories.read(csv).split("\n");
      for (int i = 0; i < lines.length; i++) {
        widened.append(lines[i]).append(i == 0 ? ",channel" : ",web").append('\n');
      }
      ModelRepositories.write(csv, widened.toString());
      Plan plan = environments.create(ModelRepository.load(dev), "dev", "prod", null).plan();

      assertEquals("non-breaking: +channel", change(plan, "raw.orders").reason().describe(true));
      // the staging view reads the seed's new table, so it is rebuilt (one DDL); nothing below it
      assertEquals(List.of("raw.orders", "staging.stg_orders"), built(plan));
      assertSameRowsAsBreakingAll(w, environments, dev);

      ModelRepositories.write(csv, widened.toString().replaceFirst("\n([^,\n]*),", "\n$1,x"));
      Plan changedValues = environments.plan(ModelRepository.load(dev), "dev", "prod");
      assertEquals(ChangeAssessment.Category.PARTIAL_BREAKING, change(changedValues, "raw.orders").reason().category());
    }
  }

  private static Path withView(Path models) {
    ModelRepositories.write(models.resolve("marts/orders_view.sql"), """
        MODEL (name marts.orders_view, kind VIEW);
        SELECT co.customer_id, co.order_count, l.segment
        FROM marts.customer_orders AS co JOIN marts.customer_lifetime AS l ON l.customer_id = co.customer_id
        """);
    return models;
  }

  private Environments prod(Warehouse w) throws Exception {
    Environments environments = w.environments();
    environments.create(ModelRepository.load(ModelRepositories.copyShop(dir.resolve("prod"))), "prod", "prod", null);
    return environments;
  }

  private Path edited(String name, String file, String from, String to) {
    Path models = ModelRepositories.copyShop(dir.resolve(name));
    ModelRepositories.edit(models.resolve(file), from, to);
    return models;
  }

  /** The same repository built with --breaking-all reads the same rows in every model. */
  private static void assertSameRowsAsBreakingAll(Warehouse w, Environments environments, Path models)
      throws Exception {
    Plan all = environments.create(ModelRepository.load(models), "everything", "prod", null,
        new BreakingOverrides(true, Set.of())).plan();
    Plan dev = environments.plan(ModelRepository.load(models), "dev", "prod");
    assertEquals(allRows(w, "everything", all), allRows(w, "dev", dev));
  }

  private static Map<String, List<String>> allRows(Warehouse w, String env, Plan plan) throws Exception {
    return w.sortedRows(env, plan.snapshots().keySet());
  }

  private static List<String> built(Plan plan) {
    return plan.builds().stream().map(Snapshot::model).sorted().toList();
  }

  private static ModelChange change(Plan plan, String model) {
    return plan.changes().stream().filter(c -> c.model().equals(model)).findFirst().orElseThrow();
  }
}
