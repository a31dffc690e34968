package dev.venv.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.engine.Engine;
import dev.venv.engine.StateLocation;
import dev.venv.model.ModelRepository;
import dev.venv.sql.SqlDialect;
import dev.venv.testing.ModelRepositories;
import dev.venv.testing.PostgresTestDatabase;
import dev.venv.testing.Rows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Option {@code state}: a DuckDB warehouse (and a PostgreSQL one) whose state, locks and
 * compare-and-set live in another PostgreSQL database, through the CLI's entry point and the driver.
 */
class SeparateStateTest {
  @RegisterExtension static final PostgresTestDatabase warehousePg = PostgresTestDatabase.perClass();

  @TempDir Path dir;
  /** A state database per test: one state database serves one warehouse. */
  private String stateDatabase;

  @BeforeEach
  void freshStateDatabase() {
    stateDatabase = PostgresTestDatabase.freshDatabaseUrl();
  }

  @AfterEach
  void dropStateDatabase() throws SQLException {
    PostgresTestDatabase.dropDatabase(stateDatabase);
  }

  /** {@code postgresql://…} of the state database: the option's form, without {@code jdbc:}. */
  private String stateUrl() {
    return stateDatabase.substring("jdbc:".length());
  }

  private StateLocation location() throws SQLException {
    return StateLocation.parse(stateUrl(), PostgresTestDatabase.USER, PostgresTestDatabase.PASSWORD);
  }

  private String stateOptions() {
    return "state=" + stateUrl() + "&state_user=" + PostgresTestDatabase.USER + "&state_password="
        + PostgresTestDatabase.PASSWORD;
  }

  private Environments open(String url) throws SQLException {
    return Environments.open(Engine.forUrl(url, new Properties(), null, location()), BuildProgress.silent(),
        Duration.ofMinutes(1));
  }

  @Test
  void duckDbWarehouseWithItsStateInPostgres() throws Exception {
    Path prodModels = ModelRepositories.copyShop(dir.resolve("prod"));
    Path devModels = ModelRepositories.copyShop(dir.resolve("dev"));
    ModelRepositories.edit(devModels.resolve("marts/customer_orders.sql"), "COUNT(v.order_id)  ",
        "COUNT(v.order_id) + 10");
    // a breaking change too, so that its two descendants are rebuilt and prod's three are collected
    ModelRepositories.breakCustomerOrders(devModels);
    Path file = dir.resolve("w.db");
    String url = "jdbc:duckdb:" + file;
    try (Environments environments = open(url)) {
      environments.create(ModelRepository.load(prodModels, SqlDialect.DUCKDB), "prod", "prod", null);
      environments.create(ModelRepository.load(devModels, SqlDialect.DUCKDB), "dev", "prod", null);
    }

    // the state is in PostgreSQL, and nothing of it in the DuckDB file
    try (Connection pg = PostgresTestDatabase.connect(stateDatabase)) {
      assertEquals(List.of("dev", "prod"), Rows.of(pg, "SELECT name FROM venv_state.environments ORDER BY 1"));
    }
    try (Connection duck = DriverManager.getConnection(url)) {
      assertEquals(List.of("0"), Rows.of(duck,
          "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'venv_state'"));
    }

    // the driver reads each environment's rows, routed from the state in PostgreSQL
    String query = "SELECT sum(order_count) FROM marts.customer_orders";
    String prodSum = read("jdbc:venv:prod:duckdb:" + file + "?" + stateOptions(), query);
    String devSum = read("jdbc:venv:dev:duckdb:" + file + "?" + stateOptions(), query);
    assertEquals(Long.parseLong(prodSum) + 120, Long.parseLong(devSum), "dev adds 10 to each of 12 customers");

    // promotion swaps prod's pointers; the janitor then removes what no environment holds
    try (Environments environments = open(url)) {
      environments.promote("dev", "prod");
      assertEquals(devSum, read("jdbc:venv:prod:duckdb:" + file + "?" + stateOptions(), query));
      environments.invalidate("dev");
      Janitor.Report report = environments.janitor().run(false, true);
      assertTrue(report.failed().isEmpty(), report::toString);
      assertTrue(report.removed().stream().anyMatch(a -> a.kind().equals("environment") && a.object().equals("dev")),
          report::toString);
      assertEquals(3, report.removed().stream().filter(a -> a.kind().startsWith("physical")).count(),
          "prod's three objects from before the promotion: " + report);
      assertEquals(List.of("prod"), environments.list().stream().map(e -> e.name()).toList());
      assertTrue(environments.janitor().run(false, true).removed().isEmpty(), "a second run changes nothing");
    }
    try (Connection duck = DriverManager.getConnection(url)) {
      assertEquals(List.of("0"), Rows.of(duck,
          "SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE '%\\_\\_dev' ESCAPE '\\'"));
    }
    assertEquals(devSum, read("jdbc:venv:prod:duckdb:" + file + "?" + stateOptions(), query));
  }

  /**
   * Views commit on their own when the state is kept apart: the loser of two promotions must be
   * refused before it replaces the winner's views, not only at the state's compare-and-set.
   */
  @Test
  void aLostPromotionChangesNoView() throws Exception {
    Path prodModels = ModelRepositories.copyShop(dir.resolve("prod"));
    Path devModels = ModelRepositories.copyShop(dir.resolve("dev"));
    ModelRepositories.edit(devModels.resolve("marts/customer_orders.sql"), "COUNT(v.order_id)  ",
        "COUNT(v.order_id) + 10");
    Path qaModels = ModelRepositories.copyShop(dir.resolve("qa"));
    ModelRepositories.edit(qaModels.resolve("marts/customer_orders.sql"), "COUNT(v.order_id)  ",
        "COUNT(v.order_id) + 1000");
    Path file = dir.resolve("race.db");
    String url = "jdbc:duckdb:" + file;
    try (Environments environments = open(url)) {
      environments.create(ModelRepository.load(prodModels, SqlDialect.DUCKDB), "prod", "prod", null);
      environments.create(ModelRepository.load(devModels, SqlDialect.DUCKDB), "dev", "prod", null);
      environments.create(ModelRepository.load(qaModels, SqlDialect.DUCKDB), "qa", "prod", null);
      Promotion devWins = environments.preparePromotion("dev", "prod");
      Promotion qaLoses = environments.preparePromotion("qa", "prod");
      devWins.commit();
      SQLException lost = assertThrows(SQLException.class, qaLoses::commit);
      assertEquals("40001", lost.getSQLState(), lost::getMessage);
    }
    String query = "SELECT sum(order_count) FROM marts.customer_orders";
    String devSum = read("jdbc:venv:dev:duckdb:" + file + "?" + stateOptions(), query);
    assertEquals(devSum, read("jdbc:venv:prod:duckdb:" + file + "?" + stateOptions(), query));
    try (Connection duck = DriverManager.getConnection(url)) {
      assertEquals(List.of(devSum), Rows.of(duck, query), "prod's views are the winner's, as the state says");
    }
  }

  @Test
  void lazyCreationOnConnectKeepsStateInPostgres() throws Exception {
    Path models = ModelRepositories.copyShop(dir);
    Path file = dir.resolve("lazy.db");
    String sum = read("jdbc:venv:prod:duckdb:" + file + "?models=" + models + "&" + stateOptions(),
        "SELECT count(*) FROM marts.customer_orders");
    assertEquals("12", sum);
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + file)) {
      assertEquals(List.of("0"), Rows.of(duck,
          "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'venv_state'"));
    }
  }

  @Test
  void postgresWarehouseWithItsStateInAnotherDatabase() throws Exception {
    Path models = ModelRepositories.copyShop(dir);
    Properties credentials = new Properties();
    credentials.setProperty("user", PostgresTestDatabase.USER);
    credentials.setProperty("password", PostgresTestDatabase.PASSWORD);
    try (Environments environments = Environments.open(Engine.forUrl(warehousePg.url(), credentials, null, location()),
        BuildProgress.silent(), Duration.ofMinutes(1))) {
      environments.create(ModelRepository.load(models, SqlDialect.POSTGRES), "qa", "prod", null);
    }
    try (Connection c = PostgresTestDatabase.connect(warehousePg.url())) {
      assertEquals(List.of("0"), Rows.of(c,
          "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'venv_state'"));
    }
    String url = "jdbc:venv:qa:" + warehousePg.url().substring("jdbc:".length()) + "?user=" + PostgresTestDatabase.USER
        + "&password=" + PostgresTestDatabase.PASSWORD + "&" + stateOptions();
    assertEquals("12", read(url, "SELECT count(*) FROM marts.customer_orders"));
  }

  @Test
  void aStateDatabaseServesOneWarehouse() throws Exception {
    Path models = ModelRepositories.copyShop(dir);
    Path first = dir.resolve("first.db");
    try (Environments environments = open("jdbc:duckdb:" + first)) {
      environments.create(ModelRepository.load(models, SqlDialect.DUCKDB), "prod", "prod", null);
    }
    Path second = dir.resolve("second.db");
    SQLException refused = assertThrows(SQLException.class, () -> read("jdbc:venv:prod:duckdb:" + second + "?models="
        + models + "&" + stateOptions(), "SELECT 1"));
    assertEquals("55000", refused.getSQLState(), refused::getMessage);
    assertTrue(refused.getMessage().contains(first.toRealPath().toString()), refused::getMessage);
    // the first warehouse, spelled through a link, is still the one the state belongs to
    Path link = Files.createSymbolicLink(dir.resolve("link.db"), first);
    assertEquals("12", read("jdbc:venv:prod:duckdb:" + link + "?" + stateOptions(),
        "SELECT count(*) FROM marts.customer_orders"));
  }

  /**
   * The other way round: a second state database over a warehouse another one holds would take
   * the first's physical objects for debris, and its janitor would drop them. Refused, and so is
   * the warehouse's own state (no option state) once a state database holds it.
   */
  @Test
  void aWarehouseHasOneStateDatabase() throws Exception {
    Path models = ModelRepositories.copyShop(dir);
    Path file = dir.resolve("w.db");
    String prod = "jdbc:venv:prod:duckdb:" + file + "?models=" + models + "&";
    assertEquals("12", read(prod + stateOptions(), "SELECT count(*) FROM marts.customer_orders"));

    String other = PostgresTestDatabase.freshDatabaseUrl();
    try {
      String otherOptions = "state=" + other.substring("jdbc:".length()) + "&state_user=" + PostgresTestDatabase.USER
          + "&state_password=" + PostgresTestDatabase.PASSWORD;
      SQLException refused = assertThrows(SQLException.class,
          () -> read("jdbc:venv:qa:duckdb:" + file + "?models=" + models + "&" + otherOptions, "SELECT 1"));
      assertEquals("55000", refused.getSQLState(), refused::getMessage);
      assertTrue(refused.getMessage().contains(stateDatabase.substring(stateDatabase.lastIndexOf('/') + 1)),
          refused::getMessage);
      SQLException inBackend = assertThrows(SQLException.class,
          () -> read("jdbc:venv:qa:duckdb:" + file + "?models=" + models, "SELECT 1"));
      assertEquals("55000", inBackend.getSQLState(), inBackend::getMessage);
    } finally {
      PostgresTestDatabase.dropDatabase(other);
    }
    // the janitor of the state that holds it still finds everything its own
    try (Environments environments = open("jdbc:duckdb:" + file)) {
      Janitor.Report report = environments.janitor().run(false, true);
      assertTrue(report.failed().isEmpty() && report.removed().isEmpty(), report::toString);
    }
    assertEquals("12", read(prod + stateOptions(), "SELECT count(*) FROM marts.customer_orders"));
  }

  @Test
  void badStateOptionsCreateNothing() throws Exception {
    Path models = ModelRepositories.copyShop(dir);
    Path file = dir.resolve("never.db");
    String base = "jdbc:venv:prod:duckdb:" + file + "?models=" + models + "&";
    SQLException malformed = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(base + "state=mysql://localhost/db"));
    assertEquals("22023", malformed.getSQLState(), malformed::getMessage);
    assertTrue(malformed.getMessage().contains("postgresql://host[:port]/database"), malformed::getMessage);
    SQLException noDatabase = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(base + "state=postgresql://localhost"));
    assertEquals("22023", noDatabase.getSQLState(), noDatabase::getMessage);
    SQLException userAlone = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(base + "state_user=venv"));
    assertEquals("22023", userAlone.getSQLState(), userAlone::getMessage);

    // a port nothing listens on: PostgreSQL's own connection error, said to be the state database's
    SQLException unreachable = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(base + "state=postgresql://127.0.0.1:1/venv&state_password=secret-word"
            + "&state_user=venv"));
    assertTrue(unreachable.getSQLState().startsWith("08"), unreachable.getSQLState() + ": " + unreachable.getMessage());
    assertTrue(unreachable.getMessage().contains("state database"), unreachable::getMessage);
    assertFalse(unreachable.getMessage().contains("secret-word"), unreachable::getMessage);
    assertFalse(Files.exists(file), "no DuckDB file was made");
    assertNotEquals(0, malformed.getMessage().length());
  }

  private static String read(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url)) {
      return Rows.of(c, sql).get(0);
    }
  }
}
