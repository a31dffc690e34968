package dev.venv.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.model.ModelRepository;
import dev.venv.state.Environment;
import dev.venv.testing.DuckDbFixture;
import dev.venv.testing.ModelRepositories;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentsTest {
  private static final String REVENUE = "SELECT customer_id, order_count FROM %s.customer_orders ORDER BY customer_id";

  @TempDir Path dir;
  DuckDbFixture db;
  Environments environments;
  Path prodModels;
  Path devModels;

  @BeforeEach
  void prod() throws Exception {
    db = new DuckDbFixture(dir);
    environments = db.environments();
    prodModels = ModelRepositories.copyShop(dir.resolve("prod"));
    devModels = ModelRepositories.copyShop(dir.resolve("dev"));
    environments.create(ModelRepository.load(prodModels), "prod", "prod", null);
  }

  @Test
  void prodGetsAViewPerModelInTheModelSchemas() throws Exception {
    Environment prod = environments.environment("prod").orElseThrow();
    assertEquals(11, prod.snapshots().size());
    assertEquals(null, prod.expiresAt());
    assertEquals(11, db.physicalObjects().size());
    for (String model : prod.snapshots().keySet()) {
      assertTrue(db.objects().contains(model + " (VIEW)"), model);
    }
    assertEquals("12", db.value("SELECT count(*) FROM marts.customer_orders"));
  }

  @Test
  void devWithOneChangedModelBuildsItAndItsDescendantsOnly() throws Exception {
    List<String> prodRows = db.rows(REVENUE.formatted("marts"));
    TreeSet<String> physicalBefore = db.physicalObjects();
    ModelRepositories.edit(devModels.resolve("marts/customer_orders.sql"),
        "COUNT(v.order_id)  ", "COUNT(v.order_id) + 100");
    ModelRepositories.breakCustomerOrders(devModels);

    Environments.Created dev = environments.create(ModelRepository.load(devModels), "dev", "prod", null);

    assertEquals(List.of("marts.customer_orders"), dev.plan().models(ChangeCategory.DIRECTLY_MODIFIED));
    assertEquals(List.of("marts.country_revenue", "marts.customer_lifetime"),
        dev.plan().models(ChangeCategory.INDIRECTLY_MODIFIED));
    TreeSet<String> built = db.physicalObjects();
    built.removeAll(physicalBefore);
    assertEquals(3, built.size(), built::toString);
    assertTrue(built.stream().allMatch(o -> o.matches("venv__marts\\.marts__(customer_orders|customer_lifetime|country_revenue)__[0-9a-f]{16}")),
        built::toString);
    for (String model : dev.environment().snapshots().keySet()) {
      String[] parts = model.split("\\.");
      assertTrue(db.objects().contains(parts[0] + "__dev." + parts[1] + " (VIEW)"), model);
    }
    assertEquals(prodRows, db.rows(REVENUE.formatted("marts")), "prod is untouched");
    List<String> devRows = db.rows(REVENUE.formatted("marts__dev"));
    assertEquals(prodRows.size(), devRows.size());
    for (int i = 0; i < prodRows.size(); i++) {
      String[] p = prodRows.get(i).split("\\|");
      String[] d = devRows.get(i).split("\\|");
      assertEquals(Long.parseLong(p[1]) + 100, Long.parseLong(d[1]));
    }
    // shared models read the very same physical objects as prod
    assertEquals(db.value("SELECT sql FROM duckdb_views() WHERE schema_name = 'staging' AND view_name = 'stg_orders'"),
        db.value("SELECT sql FROM duckdb_views() WHERE schema_name = 'staging__dev' AND view_name = 'stg_orders'")
            .replace("staging__dev", "staging"));
  }

  @Test
  void aMetadataOnlyChangeBuildsNothing() throws Exception {
    ModelRepositories.edit(devModels.resolve("marts/customer_orders.sql"), "owner 'analytics'", "owner 'finance'");
    TreeSet<String> before = db.physicalObjects();
    Environments.Created dev = environments.create(ModelRepository.load(devModels), "dev", "prod", null);
    assertEquals(List.of("marts.customer_orders"), dev.plan().models(ChangeCategory.METADATA_ONLY));
    assertEquals(List.of(), dev.plan().builds());
    assertEquals(before, db.physicalObjects());
    Environment prod = environments.environment("prod").orElseThrow();
    assertNotEquals(prod.snapshots().get("marts.customer_orders"), dev.environment().snapshots().get("marts.customer_orders"));
    assertEquals(db.rows(REVENUE.formatted("marts")), db.rows(REVENUE.formatted("marts__dev")));
  }

  @Test
  void aFormatOnlyChangeBuildsNothingAndSharesEverySnapshot() throws Exception {
    Path file = devModels.resolve("marts/customer_orders.sql");
    ModelRepositories.write(file, ModelRepositories.read(file)
        .replace("LEFT JOIN", "-- the customers without orders too\nleft   join")
        .replace("FROM staging.stg_customers AS c", "FROM Staging.STG_Customers as C")
        .replace("c.customer_id,\n", "C.customer_id, /* key */\n"));
    TreeSet<String> before = db.physicalObjects();
    Environments.Created dev = environments.create(ModelRepository.load(devModels), "dev", "prod", null);
    assertEquals(List.of(), dev.plan().builds());
    assertEquals(before, db.physicalObjects());
    assertEquals(environments.environment("prod").orElseThrow().snapshots(), dev.environment().snapshots());
  }

  @Test
  void creatingTwiceIsOneEnvironment() throws Exception {
    ModelRepository repo = ModelRepository.load(devModels);
    Environments.Created first = environments.create(repo, "dev", "prod", null);
    Environments.Created second = environments.create(repo, "dev", "prod", null);
    assertTrue(first.changed());
    assertFalse(second.changed());
    assertEquals(first.environment().planId(), second.environment().planId());
  }

  // Issue 12: a no-op create compares the environment's model -> fingerprint map before anything else.
  @Test
  void aNoOpCreateAnswersWithoutWaitingForTheEnvironmentsLock() throws Exception {
    ModelRepository repo = ModelRepository.load(devModels);
    Environments.Created first = environments.create(repo, "dev", "prod", null);
    try (Environments other = Environments.open(db.engine(), BuildProgress.silent(), java.time.Duration.ofSeconds(2));
        Connection holder = environments.engine().open()) {
      Environments.Created again = environments.engine().lock().withLock(holder, "environment:dev",
          java.time.Duration.ofSeconds(5), c -> {
            // another creator holds dev's lock: an unchanged environment is still answered at once
            try {
              return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                  return other.create(repo, "dev", "prod", null);
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              }).get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
              throw new SQLException("the no-op create failed: " + e, e);
            }
          });
      assertFalse(again.changed());
      assertEquals(first.environment().planId(), again.environment().planId());
      assertTrue(again.plan().isNoOp(), "its plan, made when asked, is the planner's");
      assertEquals(List.of(), again.plan().builds());
    }
    Environments.Created newTtl = environments.create(repo, "dev", "prod", Ttl.parse("3d"));
    assertFalse(newTtl.changed());
    assertEquals(java.time.Duration.ofDays(3), newTtl.environment().ttl(), "a ttl given anew is still kept");
  }

  @Test
  void eightThreadsCreateOneEnvironmentAndBuildEachObjectOnce() throws Exception {
    ModelRepositories.edit(devModels.resolve("marts/customer_orders.sql"),
        "COUNT(v.order_id)  ", "COUNT(v.order_id) + 7");
    ModelRepositories.breakCustomerOrders(devModels);
    ModelRepository repo = ModelRepository.load(devModels);
    TreeSet<String> before = db.physicalObjects();
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(8);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    List<java.util.concurrent.Future<Environments.Created>> results = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      results.add(pool.submit(() -> {
        try (Environments mine = db.environments()) {
          start.await();
          return mine.create(repo, "dev", "prod", null);
        }
      }));
    }
    Set<String> planIds = new TreeSet<>();
    int changed = 0;
    for (var result : results) {
      Environments.Created created = result.get();
      planIds.add(created.environment().planId());
      changed += created.changed() ? 1 : 0;
    }
    pool.shutdown();
    assertEquals(1, planIds.size());
    assertEquals(1, changed, "one thread built, the others found it done");
    TreeSet<String> built = db.physicalObjects();
    built.removeAll(before);
    assertEquals(3, built.size(), built::toString);
    assertEquals("14", db.value("SELECT count(*) FROM venv_state.physical_objects"), "11 of prod, 3 of dev");
    assertTrue(built.stream().noneMatch(o -> o.contains("__build_")), "no build left behind");
    assertEquals("2", db.value("SELECT count(*) FROM venv_state.environments"));
  }

  @Test
  void twoEnvironmentsNeedingOneNewSnapshotBuildItOnce() throws Exception {
    ModelRepositories.edit(devModels.resolve("staging/stg_orders.sql"), "o.quantity > 0", "o.quantity > 0 AND 1 = 1");
    ModelRepository repo = ModelRepository.load(devModels);
    TreeSet<String> before = db.physicalObjects();
    var a = java.util.concurrent.CompletableFuture.supplyAsync(() -> create(repo, "dev_a"));
    var b = java.util.concurrent.CompletableFuture.supplyAsync(() -> create(repo, "dev_b"));
    assertEquals(a.join().plan().fingerprints(), b.join().plan().fingerprints());
    TreeSet<String> built = db.physicalObjects();
    built.removeAll(before);
    // stg_orders and everything downstream of it, once
    assertEquals(repo.graph().descendants("staging.stg_orders").size() + 1, built.size(), built::toString);
  }

  @Test
  void aUsersOwnTableAtAViewNameStopsCreationAndIsKept() throws Exception {
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA marts__dev");
      s.execute("CREATE TABLE marts__dev.customer_orders AS SELECT 42 AS mine");
    }
    SQLException e = assertThrows(SQLException.class,
        () -> environments.create(ModelRepository.load(devModels), "dev", "prod", null));
    assertEquals("42P07", e.getSQLState());
    assertTrue(e.getMessage().contains("marts__dev.customer_orders"), e.getMessage());
    assertEquals("42", db.value("SELECT mine FROM marts__dev.customer_orders"));
    assertTrue(environments.environment("dev").isEmpty());
    assertFalse(db.objects().contains("staging__dev.stg_orders (VIEW)"), "no view of the failed environment stays");
  }

  @Test
  void aFailingModelNamesItselfAndLeavesNoEnvironment() throws Exception {
    ModelRepositories.edit(devModels.resolve("marts/daily_revenue.sql"), "SELECT", "SELECT no_such_column,");
    SQLException e = assertThrows(SQLException.class,
        () -> environments.create(ModelRepository.load(devModels), "dev", "prod", null));
    assertTrue(e.getMessage().contains("marts.daily_revenue (marts/daily_revenue.sql)"), e.getMessage());
    assertTrue(environments.environment("dev").isEmpty());
    assertEquals(Set.of("prod"), Set.copyOf(environments.list().stream().map(Environment::name).toList()));
  }

  @Test
  void anExistingEnvironmentComparedWithItsSourceShowsWhatCreatingItDid() throws Exception {
    ModelRepositories.edit(devModels.resolve("marts/customer_orders.sql"),
        "COUNT(v.order_id)  ", "COUNT(v.order_id) + 100");
    ModelRepositories.breakCustomerOrders(devModels);
    ModelRepositories.edit(devModels.resolve("marts/daily_revenue.sql"), "owner 'finance'", "owner 'ops'");
    Plan created = environments.create(ModelRepository.load(devModels), "dev", "prod", null).plan();

    Plan compared = environments.compare("dev", "prod");
    assertEquals("prod", compared.baseline().orElseThrow().name());
    assertEquals(created.changes().stream().map(c -> new ModelChange(c.model(), c.category(), c.fingerprint(),
            c.previousFingerprint(), c.physical(), c.previousPhysical(), c.build(), null)).toList(),
        compared.changes().stream()
        .map(c -> new ModelChange(c.model(), c.category(), c.fingerprint(), c.previousFingerprint(), c.physical(),
            c.previousPhysical(), created.builds().stream().anyMatch(b -> b.physical().equals(c.physical())), null))
        .toList(), "the same categories as the plan that made dev; only what was built then (and why) differs");
    assertEquals(List.of(), compared.builds(), "a finalized environment reads only built objects");
    ModelChange metadata = compared.changes().stream().filter(c -> c.model().equals("marts.daily_revenue"))
        .findFirst().orElseThrow();
    assertEquals(metadata.previousPhysical(), metadata.physical(), "a metadata-only change reads prod's object");

    assertEquals(Set.of(ChangeCategory.UNCHANGED), Set.copyOf(environments.compare("prod", "prod").changes().stream()
        .map(ModelChange::category).toList()));
    assertEquals("42704", assertThrows(SQLException.class, () -> environments.compare("qa", "prod")).getSQLState());
    assertEquals("42704", assertThrows(SQLException.class, () -> environments.compare("dev", "qa")).getSQLState());
  }

  @Test
  void aMissingSourceEnvironmentIsAnError() throws Exception {
    SQLException e = assertThrows(SQLException.class,
        () -> environments.create(ModelRepository.load(devModels), "dev", "staging", null));
    assertEquals("42704", e.getSQLState());
  }

  @Test
  void ttlSetsTheExpiryOfNonProdEnvironments() throws Exception {
    Environment dev = environments.create(ModelRepository.load(devModels), "dev", "prod", Ttl.parse("2h")).environment();
    assertEquals(dev.lastUsedAt().plus(java.time.Duration.ofHours(2)), dev.expiresAt());
    Environment other = environments.create(ModelRepository.load(devModels), "other", "prod", null).environment();
    assertEquals(other.lastUsedAt().plus(java.time.Duration.ofDays(7)), other.expiresAt());
  }

  @org.junit.jupiter.api.AfterEach
  void close() throws SQLException {
    environments.close();
  }

  private Environments.Created create(ModelRepository repo, String env) {
    try (Environments mine = db.environments()) {
      return mine.create(repo, env, "prod", null);
    } catch (SQLException e) {
      throw new RuntimeException(e);
    }
  }
}
