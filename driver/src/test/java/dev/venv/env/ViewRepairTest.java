package dev.venv.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.engine.Engine;
import dev.venv.engine.StateLocation;
import dev.venv.model.ModelRepository;
import dev.venv.sql.SqlDialect;
import dev.venv.state.Environment;
import dev.venv.state.PhysicalName;
import dev.venv.testing.ModelRepositories;
import dev.venv.testing.PostgresTestDatabase;
import dev.venv.testing.Rows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where views do not commit with the state (here a DuckDB warehouse with its state in PostgreSQL,
 * option {@code state}; Trino always), a create or promotion that dies or fails between its views
 * and its state commit leaves views out of line with the state. What it leaves is made here as it
 * would leave it — the record of the views it was about to change, and the views changed — and the
 * janitor, the next create, or the failing promotion itself must make the views what the state says.
 */
class ViewRepairTest {
  private static final String SUM = "SELECT sum(order_count) FROM marts.customer_orders";

  @TempDir Path dir;
  private String stateDatabase;
  private String url;
  private String prodSum;
  private String devSum;

  @BeforeEach
  void prodAndDev() throws Exception {
    stateDatabase = PostgresTestDatabase.freshDatabaseUrl();
    url = "jdbc:duckdb:" + dir.resolve("w.db");
    Path prodModels = ModelRepositories.copyShop(dir.resolve("prod"));
    Path devModels = ModelRepositories.copyShop(dir.resolve("dev"));
    ModelRepositories.edit(devModels.resolve("marts/customer_orders.sql"), "COUNT(v.order_id)  ",
        "COUNT(v.order_id) + 10");
    ModelRepositories.breakCustomerOrders(devModels); // its two descendants are rebuilt too
    try (Environments environments = open()) {
      environments.create(ModelRepository.load(prodModels, SqlDialect.DUCKDB), "prod", "prod", null);
      environments.create(ModelRepository.load(devModels, SqlDialect.DUCKDB), "dev", "prod", null);
    }
    prodSum = viewRows(SUM);
    devSum = viewRows(SUM.replace("marts.", "marts__dev."));
    assertNotEquals(prodSum, devSum);
  }

  @AfterEach
  void dropStateDatabase() throws SQLException {
    PostgresTestDatabase.dropDatabase(stateDatabase);
  }

  /** A promotion of dev that died after replacing prod's view, before the state committed. */
  @Test
  void theJanitorPutsBackTheViewsOfAPromotionThatDied() throws Exception {
    PhysicalName devOrders = physical("dev", "marts.customer_orders");
    try (Environments environments = open()) {
      environments.state().recordViewIntent("prod", List.of("marts.customer_orders"));
    }
    execute("CREATE OR REPLACE VIEW marts.customer_orders AS SELECT * FROM " + devOrders.quoted());
    assertEquals(devSum, viewRows(SUM), "what the died promotion left: prod's view reads dev's rows");

    try (Environments environments = open()) {
      Janitor.Report report = environments.janitor().run(false, false);
      assertTrue(report.failed().isEmpty(), report::toString);
      assertEquals(List.of("prod"), report.repaired().stream().map(Janitor.Action::object).toList());
      assertEquals(Map.of(), environments.state().viewIntents());
      assertTrue(environments.janitor().run(false, false).repaired().isEmpty(), "a second run repairs nothing");
    }
    assertEquals(prodSum, viewRows(SUM), "prod's view reads prod's snapshot again, as the state says");
  }

  /** A create of a new environment that died after making its views: created again, it works. */
  @Test
  void aCreateOfAnEnvironmentWhoseFirstCreateDiedSucceeds() throws Exception {
    leaveViewsOfADiedCreate("ghost");
    Path models = ModelRepositories.copyShop(dir.resolve("ghost"));
    try (Environments environments = open()) {
      environments.create(ModelRepository.load(models, SqlDialect.DUCKDB), "ghost", "prod", null);
      assertEquals(Map.of(), environments.state().viewIntents());
    }
    assertEquals(prodSum, viewRows(SUM.replace("marts.", "marts__ghost.")));
  }

  /** ... and the janitor drops what it left, schemas too, when nobody creates it again. */
  @Test
  void theJanitorDropsTheViewsOfACreateThatDied() throws Exception {
    leaveViewsOfADiedCreate("ghost");
    try (Environments environments = open()) {
      Janitor.Report report = environments.janitor().run(false, false);
      assertTrue(report.failed().isEmpty(), report::toString);
      assertEquals(List.of("ghost"), report.repaired().stream().map(Janitor.Action::object).toList());
    }
    assertEquals(List.of("0"), viewRowsList(
        "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'marts__ghost'"));
  }

  /**
   * A promotion whose last view fails (dev's object for it is gone) after the two before it were
   * replaced: the state stays as it was, and so must the views.
   */
  @Test
  void aPromotionThatFailsHalfwayPutsItsViewsBack() throws Exception {
    List<String> swapped;
    try (Environments environments = open()) {
      swapped = environments.preparePromotion("dev", "prod").plan().changes().stream()
          .filter(c -> c.category() != ChangeCategory.UNCHANGED).map(ModelChange::model).toList();
    }
    assertEquals(3, swapped.size(), swapped::toString);
    execute("DROP TABLE " + physical("dev", swapped.get(2)).quoted());
    try (Environments environments = open()) {
      assertThrows(SQLException.class, () -> environments.promote("dev", "prod"));
    }
    for (String model : swapped.subList(0, 2)) {
      String definition = viewRows("SELECT sql FROM duckdb_views() WHERE schema_name || '.' || view_name = '" + model
          + "'");
      assertTrue(definition.contains(physical("prod", model).table()),
          model + "'s view reads prod's snapshot, as prod's state says: " + definition);
    }
    assertEquals(prodSum, viewRows(SUM));
    try (Environments environments = open()) {
      assertEquals(Map.of(), environments.state().viewIntents(), "put back, so nothing left to repair");
    }
  }

  /** What a create of {@code env} from prod that died after its views and before its state leaves. */
  private void leaveViewsOfADiedCreate(String env) throws Exception {
    try (Environments environments = open()) {
      environments.state().recordViewIntent(env, List.of("marts.customer_orders"));
    }
    execute("CREATE SCHEMA marts__" + env);
    execute("CREATE VIEW marts__" + env + ".customer_orders AS SELECT * FROM "
        + physical("prod", "marts.customer_orders").quoted());
  }

  private PhysicalName physical(String env, String model) throws SQLException {
    try (Environments environments = open()) {
      Environment e = environments.environment(env).orElseThrow();
      return environments.state().snapshots(e.snapshotIds()).values().stream()
          .filter(s -> s.model().equals(model)).findFirst().orElseThrow().physical();
    }
  }

  private Environments open() throws SQLException {
    StateLocation state = StateLocation.parse(stateDatabase.substring("jdbc:".length()), PostgresTestDatabase.USER,
        PostgresTestDatabase.PASSWORD);
    return Environments.open(Engine.forUrl(url, new Properties(), null, state), BuildProgress.silent(),
        Duration.ofMinutes(1));
  }

  /** Through plain DuckDB, as a tool that bypasses the driver reads the views. */
  private String viewRows(String sql) throws SQLException {
    return viewRowsList(sql).get(0);
  }

  private List<String> viewRowsList(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url)) {
      return Rows.of(c, sql);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
