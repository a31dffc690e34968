package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.env.Environments;
import dev.venv.state.Environment;
import dev.venv.testing.DuckDbFixture;
import dev.venv.testing.ModelRepositories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver as applications use it: DriverManager, one URL per environment, unchanged SQL. */
class VenvDriverTest {
  private static final String ORDERS = "SELECT customer_id, order_count FROM marts.customer_orders ORDER BY customer_id";

  @TempDir Path dir;
  DuckDbFixture db;
  Path prodModels;
  Path devModels;
  String prodUrl;
  String devUrl;

  @BeforeEach
  void repositories() {
    db = new DuckDbFixture(dir);
    prodModels = ModelRepositories.copyShop(dir.resolve("prod"));
    devModels = ModelRepositories.copyShop(dir.resolve("dev"));
    ModelRepositories.edit(devModels.resolve("marts/customer_orders.sql"), "COUNT(v.order_id)  ", "COUNT(v.order_id) + 100");
    ModelRepositories.breakCustomerOrders(devModels);
    prodUrl = "jdbc:venv:prod:duckdb:" + dir.resolve("warehouse.db") + "?models=" + prodModels;
    devUrl = "jdbc:venv:dev:duckdb:" + dir.resolve("warehouse.db") + "?models=" + devModels;
  }

  /** Found by the break-it review of issue 12: a backend setting DuckDB refuses came back without a SQLState. */
  @Test
  void aBackendSettingTheBackendRefusesFailsTheConnectWithASqlState() throws Exception {
    for (String setting : List.of("search_path=marts", "no_such_setting=1")) {
      SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(prodUrl + "&" + setting));
      assertNotNull(e.getSQLState(), setting + ": " + e.getMessage());
    }
  }

  @Test
  void oneJvmHoldsProdAndDevAndTheSameSqlReadsEach() throws Exception {
    try (Connection prod = DriverManager.getConnection(prodUrl); Connection dev = DriverManager.getConnection(devUrl)) {
      List<Long> prodCounts = column(prod, ORDERS);
      List<Long> devCounts = column(dev, ORDERS);
      assertEquals(12, prodCounts.size());
      for (int i = 0; i < prodCounts.size(); i++) {
        assertEquals(prodCounts.get(i) + 100, devCounts.get(i));
      }
      String sql = "SELECT order_count FROM marts.customer_orders WHERE customer_id = ?";
      try (PreparedStatement p = prod.prepareStatement(sql); PreparedStatement d = dev.prepareStatement(sql)) {
        for (int id : new int[] {1, 5, 12}) {
          p.setInt(1, id);
          d.setInt(1, id);
          assertEquals(single(p) + 100, single(d));
        }
      }
      try (Statement s = dev.createStatement()) {
        s.execute("CREATE TABLE main.snapshot_counts (n BIGINT)");
        s.addBatch("INSERT INTO main.snapshot_counts SELECT order_count FROM marts.customer_orders WHERE customer_id = 1");
        s.addBatch("INSERT INTO main.snapshot_counts SELECT order_count FROM marts.customer_orders WHERE customer_id = 2");
        assertEquals(2, s.executeBatch().length);
      }
      assertEquals(new TreeSet<>(List.of(devCounts.get(0), devCounts.get(1))),
          new TreeSet<>(column(dev, "SELECT n FROM main.snapshot_counts")));
    }
  }

  @Test
  void aSearchPathOfSeveralSchemasReadsTheEnvironmentAndReportsItsFirst() throws Exception {
    DriverManager.getConnection(prodUrl).close();
    try (Connection dev = DriverManager.getConnection(devUrl); Statement s = dev.createStatement()) {
      s.execute("SET search_path = 'marts,main'");
      assertEquals("marts", dev.getSchema());
      List<Long> bare = column(dev, "SELECT customer_id, order_count FROM customer_orders ORDER BY customer_id");
      assertEquals(column(dev, ORDERS), bare);
      SQLException e = assertThrows(SQLException.class, () -> s.execute("DROP VIEW customer_orders"));
      assertEquals("42501", e.getSQLState());
    }
  }

  @Test
  void eightFirstConnectsCreateTheEnvironmentOnce() throws Exception {
    DriverManager.getConnection(prodUrl).close();
    List<CompletableFuture<List<Long>>> reads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      reads.add(CompletableFuture.supplyAsync(() -> {
        try (Connection c = DriverManager.getConnection(devUrl)) {
          return column(c, ORDERS);
        } catch (SQLException e) {
          throw new RuntimeException(e);
        }
      }));
    }
    Set<List<Long>> results = new java.util.HashSet<>();
    reads.forEach(r -> results.add(r.join()));
    assertEquals(1, results.size());
    assertEquals("1", db.value("SELECT count(*) FROM venv_state.plans WHERE environment = 'dev'"));
    assertEquals("14", db.value("SELECT count(*) FROM venv_state.physical_objects"));
  }

  @Test
  void aMissingEnvironmentWithoutModelsSaysSo() throws Exception {
    DriverManager.getConnection(prodUrl).close();
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection("jdbc:venv:dev:duckdb:" + dir.resolve("warehouse.db")));
    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().contains("models="), e.getMessage());
  }

  /** A mistyped path is the likely cause: the hint must not lead to building a warehouse there. */
  @Test
  void aDuckDbFileThatDoesNotExistIsRefusedAndNotMade() {
    for (String options : List.of("", "?create=never", "?access_mode=READ_ONLY")) {
      Path typo = dir.resolve("warehuose.db");
      SQLException e = assertThrows(SQLException.class,
          () -> DriverManager.getConnection("jdbc:venv:dev:duckdb:" + typo + options));
      assertEquals("3D000", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().startsWith("The DuckDB database " + typo + " does not exist; check the path"),
          e.getMessage());
      assertFalse(e.getMessage().contains("models="), "no hint to build a warehouse at that path: " + e.getMessage());
      assertEquals(List.of(), java.util.Arrays.asList(dir.toFile().list((d, name) -> name.startsWith("warehuose"))),
          "nothing is left behind");
    }
  }

  /**
   * A first connect with {@code models=} that fails (here a model the backend cannot build) at a
   * path where no database was: the error, and no new database file left there.
   */
  @Test
  void aFailedCreateOnConnectAtANewPathLeavesNoFile() throws Exception {
    Path models = dir.resolve("broken-models");
    ModelRepositories.write(models.resolve("s/t.sql"), "MODEL (name s.t, kind FULL);\nSELECT no_such_column FROM"
        + " (SELECT 1 AS x)\n");
    Path fresh = dir.resolve("fresh.db");
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection("jdbc:venv:prod:duckdb:" + fresh + "?models=" + models));
    assertTrue(e.getMessage().contains("s.t"), e.getMessage());
    assertEquals(List.of(), java.util.Arrays.asList(dir.toFile().list((d, name) -> name.startsWith("fresh"))),
        "nothing is left behind");
    // an existing database keeps its file, whatever fails
    DriverManager.getConnection(prodUrl).close();
    SQLException again = assertThrows(SQLException.class,
        () -> DriverManager.getConnection("jdbc:venv:dev:duckdb:" + dir.resolve("warehouse.db") + "?models=" + models));
    assertTrue(again.getMessage().contains("s.t"), again.getMessage());
    assertTrue(java.nio.file.Files.exists(dir.resolve("warehouse.db")));
  }

  @Test
  void createNeverRefusesAMissingEnvironment() throws Exception {
    DriverManager.getConnection(prodUrl).close();
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(devUrl + "&create=never"));
    assertTrue(e.getMessage().contains("create=never"), e.getMessage());
    try (Environments environments = db.environments()) {
      assertTrue(environments.environment("dev").isEmpty());
    }
  }

  @Test
  void anExistingEnvironmentIsUsedAsItIsUnlessRefreshIsAuto() throws Exception {
    DriverManager.getConnection(prodUrl).close();
    DriverManager.getConnection(devUrl).close();
    ModelRepositories.edit(devModels.resolve("marts/customer_orders.sql"), "+ 100", "+ 200");
    try (Connection dev = DriverManager.getConnection(devUrl)) {
      assertEquals(104L, column(dev, ORDERS).get(0), "refresh=never: dev as it was made");
    }
    String planBefore;
    try (Environments environments = db.environments()) {
      planBefore = environments.environment("dev").orElseThrow().planId();
    }
    try (Connection dev = DriverManager.getConnection(devUrl + "&refresh=auto")) {
      assertEquals(204L, column(dev, ORDERS).get(0), "refresh=auto: the edited model");
    }
    TreeSet<String> objects = db.physicalObjects();
    Environment updated;
    try (Connection dev = DriverManager.getConnection(devUrl + "&refresh=auto")) {
      assertEquals(204L, column(dev, ORDERS).get(0));
    }
    try (Environments environments = db.environments()) {
      updated = environments.environment("dev").orElseThrow();
    }
    assertNotEquals(planBefore, updated.planId());
    assertEquals(planBefore, updated.previousPlanId(), "reconnecting without an edit made no new plan");
    assertEquals(objects, db.physicalObjects(), "and built nothing");
  }

  /** Found by the break-it review of issue 12: the refusal said another environment had the model when none did. */
  @Test
  void aModelRemovedFromTheRepositoryIsGoneAfterARefreshAndTheRefusalSaysWhy() throws Exception {
    try (Connection dev = DriverManager.getConnection(devUrl)) {
      assertTrue(column(dev, "SELECT COUNT(*) FROM marts.product_sales").get(0) > 0, "dev holds product_sales");
    }
    Files.delete(devModels.resolve("marts/product_sales.sql"));
    try (Connection dev = DriverManager.getConnection(devUrl + "&refresh=auto")) {
      SQLException e = assertThrows(SQLException.class, () -> column(dev, "SELECT COUNT(*) FROM marts.product_sales"));
      assertEquals("42P01", e.getSQLState());
      assertTrue(e.getMessage().contains("model marts.product_sales is not in environment dev"), e.getMessage());
      assertFalse(e.getMessage().contains("another environment has it"), "no other environment has it: " + e.getMessage());
    }
  }

  @Test
  void promotedSnapshotsReachProdOnTheNextConnect() throws Exception {
    DriverManager.getConnection(prodUrl).close();
    DriverManager.getConnection(devUrl).close();
    try (Connection before = DriverManager.getConnection(prodUrl)) {
      List<Long> old = column(before, ORDERS);
      try (Environments environments = db.environments()) {
        environments.promote("dev", "prod");
      }
      try (Connection after = DriverManager.getConnection(prodUrl)) {
        assertEquals(old.get(0) + 100, column(after, ORDERS).get(0), "a new connection reads the promoted data");
      }
      assertEquals(old, column(before, ORDERS), "an open connection keeps its snapshots until it reconnects");
    }
  }

  @Test
  void aConnectTouchesTheEnvironment() throws Exception {
    DriverManager.getConnection(prodUrl).close();
    DriverManager.getConnection(devUrl).close();
    // as if dev was last used a day ago, by another JVM
    try (Connection raw = db.connect(); Statement s = raw.createStatement()) {
      s.execute("UPDATE venv_state.environments SET last_used_at = last_used_at - INTERVAL 1 DAY,"
          + " expires_at = expires_at - INTERVAL 1 DAY WHERE name = 'dev'");
    }
    // a driver of its own, as in another JVM: it has recorded no use yet
    VenvDriver another = new VenvDriver();
    java.time.Instant beforeConnect = java.time.Instant.now().minusSeconds(1);
    try (Connection c = another.connect(devUrl, new java.util.Properties())) {
      assertTrue(c.isValid(1));
    } finally {
      another.close();
    }
    try (Environments environments = db.environments()) {
      Environment used = environments.environment("dev").orElseThrow();
      assertTrue(used.lastUsedAt().isAfter(beforeConnect), "the connect was recorded: " + used.lastUsedAt());
      assertEquals(used.lastUsedAt().plus(used.ttl()), used.expiresAt(), "and the expiry moved with it");
      assertEquals(java.time.Duration.ofDays(7), used.ttl());
    }
  }

  @Test
  void registeredAndDescribed() throws Exception {
    Driver driver = DriverManager.getDriver("jdbc:venv:dev:duckdb:/nowhere/w.db");
    assertTrue(driver instanceof VenvDriver);
    assertTrue(driver.acceptsURL("jdbc:venv:duckdb:w.db"));
    assertFalse(driver.acceptsURL("jdbc:duckdb:w.db"));
    assertNull(driver.connect("jdbc:duckdb:w.db", new Properties()), "another driver's URL");
    Properties given = new Properties();
    given.setProperty("owner_user", "venv_owner");
    given.setProperty("owner_password", "secret");
    given.setProperty("state_password", "secret");
    DriverPropertyInfo[] info = driver.getPropertyInfo("jdbc:venv:dev:duckdb:/nowhere/w.db", given);
    assertEquals(List.of("env", "models", "from", "create", "ttl", "refresh", "progress", "state", "state_user",
        "state_password", "owner_user", "owner_password"), java.util.Arrays.stream(info).map(i -> i.name).toList());
    assertEquals("venv_owner", info[10].value);
    assertNull(info[11].value, "a password is not echoed back to a tool that lists properties");
    assertNull(info[9].value, "nor the state database's");
    assertTrue(java.util.Arrays.stream(info).allMatch(i -> i.description != null && !i.description.isBlank()));
    assertFalse(java.nio.file.Files.exists(Path.of("/nowhere")), "getPropertyInfo opened nothing");
    assertNotEquals(null, driver.getParentLogger());

    // what the URL gives is what a tool's dialog shows: the environment and the URL's options
    DriverPropertyInfo[] fromUrl = driver.getPropertyInfo("jdbc:venv:dev:duckdb:/nowhere/w.db?create=never&ttl=2h"
        + "&state_password=secret", new Properties());
    assertEquals(List.of("dev", "never", "2h"), List.of(fromUrl[0].value, fromUrl[3].value, fromUrl[4].value));
    assertNull(fromUrl[9].value, "a password in the URL is not shown either");
  }

  /**
   * An option the URL and the connection properties both give, with different values: neither
   * wins silently (a data source's create=never must not lose to a URL's create=lazy).
   */
  @Test
  void anOptionGivenTwiceWithDifferentValuesIsRefused() throws Exception {
    DriverManager.getConnection(prodUrl).close();
    Properties never = new Properties();
    never.setProperty("create", "never");
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(devUrl + "&create=lazy", never));
    assertEquals("08001", e.getSQLState());
    assertEquals("Option create is given twice with different values: 'lazy' in the URL and 'never' in the connection"
        + " properties; give it once", e.getMessage());
    SQLException twiceInUrl = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(devUrl + "&ttl=1h&ttl=2h"));
    assertEquals("08001", twiceInUrl.getSQLState());
    assertEquals("Option ttl is given twice in the URL with different values: '1h' and '2h'; give it once",
        twiceInUrl.getMessage());
    Properties secret = new Properties();
    secret.setProperty("state_password", "s3cretA");
    SQLException password = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(devUrl + "&state_password=s3cretB", secret));
    assertEquals("Option state_password is given twice with different values, in the URL and in the connection"
        + " properties; give it once", password.getMessage());
    // a password twice in the URL: said once, where, and never shown
    SQLException passwordTwiceInUrl = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(devUrl + "&state_password=s3cretA&state_password=s3cretB"));
    assertEquals("Option state_password is given twice in the URL with different values; give it once",
        passwordTwiceInUrl.getMessage());
    Properties same = new Properties();
    same.setProperty("create", "lazy");
    DriverManager.getConnection(devUrl + "&create=lazy", same).close(); // the same value twice is no conflict
  }

  @Test
  void aMalformedUrlIsAnErrorNotANullConnection() {
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:venv:dev:mysql://h/db"));
    assertEquals("08001", e.getSQLState());
  }

  private static List<Long> column(Connection c, String sql) throws SQLException {
    List<Long> values = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getLong(rs.getMetaData().getColumnCount() == 1 ? 1 : 2));
      }
    }
    return values;
  }

  private static long single(PreparedStatement p) throws SQLException {
    try (ResultSet rs = p.executeQuery()) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }
}
