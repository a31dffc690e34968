package dev.venv.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.model.ModelRepository;
import dev.venv.state.Environment;
import dev.venv.state.Snapshot;
import dev.venv.state.SnapshotId;
import dev.venv.testing.ModelRepositories;
import dev.venv.testing.Warehouse;
import dev.venv.testing.Warehouse.Backend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The janitor on DuckDB and PostgreSQL: what it removes, and what it must leave. */
class JanitorTest {
  private static final String ORDERS = "SELECT customer_id, order_count FROM %s.customer_orders ORDER BY 1";

  @TempDir Path dir;
  Warehouse w;
  Environments environments;
  Path devModels;

  @AfterEach
  void close() throws SQLException {
    if (environments != null) {
      environments.close();
    }
    if (w != null) {
      w.close();
    }
  }

  /** prod from the shop, and dev with one changed model: three physical objects only dev holds. */
  private void prodAndDev(Backend backend) throws SQLException {
    w = Warehouse.open(backend, dir);
    environments = w.environments();
    environments.create(load(ModelRepositories.copyShop(dir.resolve("prod"))), "prod", "prod", null);
    devModels = ModelRepositories.copyShop(dir.resolve("dev"));
    ModelRepositories.edit(devModels.resolve("marts/customer_orders.sql"), "COUNT(v.order_id)  ",
        "COUNT(v.order_id) + 100");
    ModelRepositories.breakCustomerOrders(devModels);
    environments.create(load(devModels), "dev", "prod", null);
  }

  private ModelRepository load(Path models) throws SQLException {
    return ModelRepository.load(models, environments.engine().dialect());
  }

  /** The physical objects only dev holds. */
  private TreeSet<String> devsOwnObjects() throws SQLException {
    TreeSet<String> objects = w.physicalObjects();
    try (Environments e = w.environments()) {
      Environment prod = e.environment("prod").orElseThrow();
      e.state().snapshots(prod.snapshotIds()).values().forEach(s -> objects.remove(s.physical().toString()));
    }
    return objects;
  }

  /** A janitor whose store lets {@code interleave} change the state right after it listed something. */
  private Janitor janitor(InterleavingStateStore store) {
    return new Janitor(environments.engine(), store, java.time.Clock.systemUTC());
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void anEnvironmentUsedAfterTheJanitorListedItSurvives(Backend backend) throws Exception {
    prodAndDev(backend);
    environments.invalidate("dev");
    List<String> devRows = w.rows(ORDERS.formatted("marts__dev"));
    TreeSet<String> objects = w.physicalObjects();

    // a connect touches dev between the janitor's listing and its removal
    Janitor.Report report = janitor(new InterleavingStateStore(environments.state())
        .afterEnvironments(() -> environments.state().touch("dev", Instant.now()))).run(false, true);

    assertEquals(List.of(), report.removed(), "dev is in use again: nothing of it goes");
    assertTrue(environments.environment("dev").orElseThrow().expiresAt().isAfter(Instant.now()));
    assertEquals(devRows, w.rows(ORDERS.formatted("marts__dev")));
    assertEquals(objects, w.physicalObjects());
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void anEnvironmentUpdatedAfterTheJanitorListedItSurvives(Backend backend) throws Exception {
    prodAndDev(backend);
    environments.invalidate("dev");
    List<String> devRows = w.rows(ORDERS.formatted("marts__dev"));
    ModelRepositories.write(devModels.resolve("marts/extra.sql"), "MODEL (name marts.extra, kind FULL);\nSELECT 7 AS n");

    Janitor.Report report = janitor(new InterleavingStateStore(environments.state())
        .afterEnvironments(() -> environments.create(load(devModels), "dev", "prod", null))).run(false, true);

    assertTrue(report.removed().stream().noneMatch(a -> a.kind().equals("environment")), report::toString);
    assertEquals(devRows, w.rows(ORDERS.formatted("marts__dev")));
    assertEquals(List.of("7"), w.rows("SELECT n FROM marts__dev.extra"), "the update's views stay too");
    assertTrue(environments.environment("dev").orElseThrow().snapshots().containsKey("marts.extra"));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void anObjectAnEnvironmentTakesAfterTheJanitorListedItStays(Backend backend) throws Exception {
    prodAndDev(backend);
    List<String> devRows = w.rows(ORDERS.formatted("marts__dev"));
    TreeSet<String> devObjects = devsOwnObjects();
    assertEquals(3, devObjects.size(), devObjects::toString);
    environments.invalidate("dev");

    // qa is created from dev's models after the janitor listed the objects it may drop: it holds
    // dev's three objects by the time the janitor comes to them
    Janitor.Report report = janitor(new InterleavingStateStore(environments.state())
        .afterPhysicalObjects(() -> environments.create(load(devModels), "qa", "prod", null))).run(false, true);

    assertEquals(List.of(), report.failed());
    assertEquals(List.of("environment dev"), report.removed().stream().map(a -> a.kind() + " " + a.object()).toList());
    assertEquals(devRows, w.rows(ORDERS.formatted("marts__qa")));
    assertTrue(w.physicalObjects().containsAll(devObjects));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aCreateWhoseSharedObjectTheJanitorDroppedRebuildsIt(Backend backend) throws Exception {
    prodAndDev(backend);
    List<String> devRows = w.rows(ORDERS.formatted("marts__dev"));
    TreeSet<String> devObjects = devsOwnObjects();
    environments.invalidate("dev");

    // qa plans to share dev's objects; before it finalizes, the janitor removes dev and them
    List<Janitor.Report> janitorRuns = new ArrayList<>();
    BuildProgress janitorFirst = new BuildProgress() {
      @Override
      public void starting(String environment, int builds) {
        if (janitorRuns.isEmpty()) {
          try {
            janitorRuns.add(environments.janitor().run(false, true));
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        }
      }

      @Override
      public void built(Snapshot snapshot, int done, int total, Duration took) {}
    };
    Environments.Created qa;
    try (Environments creating = Environments.open(w.engine(), janitorFirst, Duration.ofMinutes(2))) {
      qa = creating.create(load(devModels), "qa", "prod", null);
    }

    assertEquals(devObjects, janitorRuns.get(0).removed().stream().filter(a -> a.kind().startsWith("physical"))
        .map(Janitor.Action::object).collect(Collectors.toCollection(TreeSet::new)), "the janitor did drop them");
    assertEquals(devRows, w.rows(ORDERS.formatted("marts__qa")), "qa reads rebuilt tables, not dropped ones");
    assertTrue(w.physicalObjects().containsAll(devObjects));
    assertEquals(3, qa.plan().builds().size(), "the plan qa finalized is the one that rebuilt them");
  }

  /**
   * The same {@link Environments} planned dev's models before and keeps the snapshots it read; the
   * janitor forgot them since: dev made again is built and recorded anew, not planned onto
   * forgotten rows and dropped tables.
   */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void anEnvironmentMadeAgainAfterTheJanitorForgotItsSnapshotsIsRecordedAnew(Backend backend) throws Exception {
    prodAndDev(backend);
    List<String> devRows = w.rows(ORDERS.formatted("marts__dev"));
    environments.plan(load(devModels), "qa", "prod"); // reads dev's snapshots, as an application's next create would
    List<SnapshotId> devsOwn = new ArrayList<>(environments.environment("dev").orElseThrow().snapshotIds());
    devsOwn.removeAll(environments.environment("prod").orElseThrow().snapshotIds());
    environments.invalidate("dev");
    environments.janitor().run(false, true);
    assertEquals(Map.of(), environments.state().snapshots(devsOwn), "the janitor forgot dev's own snapshots");

    Environments.Created dev = environments.create(load(devModels), "dev", "prod", null);

    assertEquals(3, dev.plan().builds().size(), "dev's own objects are built again");
    assertEquals(devRows, w.rows(ORDERS.formatted("marts__dev")));
    Environment recorded = environments.environment("dev").orElseThrow();
    assertEquals(recorded.snapshots().size(), environments.state().snapshots(recorded.snapshotIds()).size(),
        "every snapshot dev holds is in the state");
    assertEquals(List.of(), environments.janitor().run(false, true).removed(), "and held: nothing to remove");
  }

  /** Names read from the catalog go back into SQL quoted, a {@code "} doubled. */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void debrisWhoseNameHoldsAQuoteIsRemoved(Backend backend) throws Exception {
    w = Warehouse.open(backend, dir);
    environments = w.environments();
    {
      environments.create(load(ModelRepositories.copyShop(dir.resolve("prod"))), "prod", "prod", null);
      TreeSet<String> prod = w.physicalObjects();
      try (Connection c = w.connect(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE \"venv__marts\".\"odd\"\"name\" (x INT)");
        s.execute("CREATE VIEW \"venv__marts\".\"v\"\"; DROP TABLE x; --\" AS SELECT 1 AS x");
        s.execute("CREATE SCHEMA \"venv__we\"\"ird\"");
        s.execute("CREATE TABLE \"venv__we\"\"ird\".\"t\" (x INT)");
      }

      Janitor.Report report = environments.janitor().run(false, true);

      assertEquals(List.of(), report.failed());
      assertEquals(List.of("venv__marts.odd\"name", "venv__marts.v\"; DROP TABLE x; --", "venv__we\"ird.t"),
          report.removed().stream().map(Janitor.Action::object).sorted().toList());
      assertEquals(prod, w.physicalObjects(), "the debris is gone, prod's objects stay");
      assertFalse(environments.environment("prod").isEmpty());
      assertTrue(environments.janitor().run(false, true).removed().isEmpty(), "nothing left to remove");
    }
  }
}
