package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.engine.Engine;
import dev.venv.env.BuildProgress;
import dev.venv.env.Environments;
import dev.venv.model.ModelRepository;
import dev.venv.sql.SqlDialect;
import dev.venv.state.Environment;
import dev.venv.state.Snapshot;
import dev.venv.testing.DuckDbFixture;
import dev.venv.testing.ModelRepositories;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionWrapperTest {
  static final String ORDERS = "SELECT customer_id, order_count FROM %s ORDER BY customer_id";

  @TempDir static Path dir;
  static Shop shop;

  @BeforeAll
  static void environments() throws Exception {
    shop = Shop.duckDb(dir);
  }

  @AfterAll
  static void close() throws Exception {
    shop.close();
  }

  @Test
  void backReferencesLeadToTheVenvObjects() throws Exception {
    try (Connection c = shop.connect("dev"); Statement s = c.createStatement();
         PreparedStatement p = c.prepareStatement("SELECT 1")) {
      assertSame(c, s.getConnection());
      assertSame(c, p.getConnection());
      assertSame(c, c.getMetaData().getConnection());
      try (ResultSet rs = s.executeQuery("SELECT 1")) {
        assertSame(s, rs.getStatement());
        assertSame(rs, s.getResultSet(), "asking twice gives the same result set");
      }
      assertTrue(s.execute("SELECT 2"));
      try (ResultSet rs = s.getResultSet()) {
        assertSame(s, rs.getStatement());
      }
      try (ResultSet rs = p.executeQuery()) {
        assertSame(p, rs.getStatement());
      }
    }
  }

  /**
   * The JDBC Wrapper contract: a java.sql interface the venv object implements is the venv object
   * (handing out the backend's would let SQL bypass routing unseen); the backend's own classes
   * are reached when asked for by name.
   */
  @Test
  void unwrapOfAJavaSqlInterfaceIsTheVenvObjectAndBackendClassesReachTheBackend() throws Exception {
    try (Connection c = shop.connect("dev")) {
      assertSame(c, c.unwrap(Connection.class));
      assertSame(c, c.unwrap(java.sql.Wrapper.class));
      assertSame(c, c.unwrap(VenvConnection.class));
      Connection backend = c.unwrap(DuckDBConnection.class);
      assertFalse(backend instanceof VenvConnection);
      assertTrue(c.isWrapperFor(DuckDBConnection.class));
      assertTrue(c.isWrapperFor(Connection.class));
      assertFalse(c.isWrapperFor(String.class));
      SQLException e = assertThrows(SQLException.class, () -> c.unwrap(String.class));
      assertNotNull(e.getSQLState());
      try (Statement s = c.createStatement()) {
        assertSame(s, s.unwrap(Statement.class));
        assertNotNull(s.unwrap(org.duckdb.DuckDBPreparedStatement.class));
        SQLException refused = assertThrows(SQLException.class,
            () -> s.unwrap(Statement.class).execute("DELETE FROM marts.customer_orders"));
        assertEquals("42501", refused.getSQLState(), "what unwrap gives still routes");
      }
      DatabaseMetaData md = c.getMetaData();
      assertSame(md, md.unwrap(DatabaseMetaData.class));
    }
  }

  @Test
  void setSchemaToAModelSchemaMakesBareNamesReadTheEnvironment() throws Exception {
    try (Connection c = shop.connect("dev"); Statement s = c.createStatement()) {
      assertEquals("main", c.getSchema());
      c.setSchema("marts");
      assertEquals("marts", c.getSchema());
      assertEquals("marts__dev", c.unwrap(DuckDBConnection.class).getSchema(), "the backend reads dev's views");
      List<String> rows = rows(s.executeQuery(ORDERS.formatted("customer_orders")));
      assertEquals(shop.backendRows(ORDERS.formatted("marts__dev.customer_orders")), rows);
      assertNotEquals(shop.backendRows(ORDERS.formatted("marts.customer_orders")), rows, "not prod's rows");
      c.setSchema("main");
      assertEquals("main", c.getSchema());
      assertEquals("main", c.unwrap(DuckDBConnection.class).getSchema());
    }
  }

  @Test
  void useThroughAStatementChangesTheLogicalSchema() throws Exception {
    try (Connection c = shop.connect("dev"); Statement s = c.createStatement()) {
      s.execute("USE marts");
      assertEquals("marts", c.getSchema());
      assertEquals("marts__dev", c.unwrap(DuckDBConnection.class).getSchema());
      assertEquals(shop.backendRows(ORDERS.formatted("marts__dev.customer_orders")),
          rows(s.executeQuery(ORDERS.formatted("customer_orders"))));
    }
  }

  @Test
  void aQualifiedModelReadsTheEnvironmentsData() throws Exception {
    try (Connection dev = shop.connect("dev"); Connection prod = shop.connect("prod");
         Statement d = dev.createStatement(); Statement p = prod.createStatement()) {
      List<String> devRows = rows(d.executeQuery(ORDERS.formatted("marts.customer_orders")));
      List<String> prodRows = rows(p.executeQuery(ORDERS.formatted("marts.customer_orders")));
      assertEquals(shop.backendRows(ORDERS.formatted("marts__dev.customer_orders")), devRows);
      assertEquals(shop.backendRows(ORDERS.formatted("marts.customer_orders")), prodRows);
      assertNotEquals(devRows, prodRows);
    }
  }

  @Test
  void nativeSqlIsTheRoutedText() throws Exception {
    try (Connection c = shop.connect("dev")) {
      String routed = c.nativeSQL("SELECT * FROM marts.customer_orders -- keep me");
      assertTrue(routed.matches("SELECT \\* FROM \"[a-z]+\"\\.\"venv__marts\"\\.\"marts__customer_orders__[0-9a-f]{16}\" AS \"customer_orders\" -- keep me"),
          routed);
      assertEquals("SELECT 1", c.nativeSQL("SELECT 1"));
    }
  }

  @Test
  void errorsFromTheBackendCarryASqlState() throws Exception {
    try (Connection c = shop.connect("dev"); Statement s = c.createStatement()) {
      SQLException syntax = assertThrows(SQLException.class, () -> s.execute("SELEC 1"));
      assertEquals("42000", syntax.getSQLState(), syntax::getMessage);
      SQLException missing = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM no_such_table"));
      assertEquals("42P01", missing.getSQLState(), "undefined table, as PostgreSQL says it");
      assertTrue(missing.getMessage().contains("Catalog Error"), missing::getMessage);
      SQLException conversion = assertThrows(SQLException.class, () -> s.executeQuery("SELECT CAST('x' AS INTEGER)"));
      assertEquals("22000", conversion.getSQLState());
      SQLException prepare = assertThrows(SQLException.class, () -> c.prepareStatement("SELECT * FROM no_such_table"));
      assertEquals("42P01", prepare.getSQLState());
      SQLException schema = assertThrows(SQLException.class, () -> c.setSchema("no_such_schema"));
      assertNotNull(schema.getSQLState());
    }
  }

  @Test
  void closeClosesTheBackendThenReleasesTheEngineOnce() throws Exception {
    AtomicInteger releases = new AtomicInteger();
    AtomicBoolean backendClosedFirst = new AtomicBoolean();
    Connection backend = shop.environments.engine().open();
    VenvConnection c = new VenvConnection(backend, shop.route("dev"), shop.venvUrl("dev"), shop.environments.engine(), () -> {
      releases.incrementAndGet();
      backendClosedFirst.set(backend.isClosed());
    });
    Statement s = c.createStatement();
    assertFalse(c.isClosed());
    c.close();
    c.close();
    assertTrue(c.isClosed());
    assertTrue(s.isClosed(), "the backend closed its statements");
    assertEquals(1, releases.get());
    assertTrue(backendClosedFirst.get());
    SQLException e = assertThrows(SQLException.class, c::getSchema);
    assertEquals("08003", e.getSQLState());
    assertThrows(SQLException.class, c::createStatement);
  }

  @Test
  void jdbc43MethodsForward() throws Exception {
    try (Connection c = shop.connect("dev")) {
      c.beginRequest();
      c.endRequest();
      assertTrue(c.isValid(1));
      assertEquals(c.unwrap(DuckDBConnection.class).getAutoCommit(), c.getAutoCommit());
      c.setAutoCommit(false);
      assertFalse(c.unwrap(DuckDBConnection.class).getAutoCommit());
      c.rollback();
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        assertEquals("'it''s'", s.enquoteLiteral("it's"));
      }
    }
  }

  static List<String> rows(ResultSet rs) throws SQLException {
    return dev.venv.testing.Rows.of(rs);
  }

  /**
   * The shop example in three environments of one backend: prod; dev, where
   * {@code marts.customer_orders} counts 100 more orders per customer (so it and its two
   * descendants are dev's own); qa, the same models as prod.
   */
  static final class Shop implements AutoCloseable {
    final Environments environments;
    final String backendUrl;

    private Shop(Path dir, Environments environments, String backendUrl) throws Exception {
      this.environments = environments;
      this.backendUrl = backendUrl;
      ModelRepository prod = ModelRepository.load(ModelRepositories.copyShop(dir.resolve("prod")));
      environments.create(prod, "prod", "prod", null);
      environments.create(prod, "qa", "prod", null);
      Path devModels = ModelRepositories.copyShop(dir.resolve("dev"));
      ModelRepositories.edit(devModels.resolve("marts/customer_orders.sql"),
          "COUNT(v.order_id)  ", "COUNT(v.order_id) + 100");
      environments.create(ModelRepository.load(devModels), "dev", "prod", null);
    }

    static Shop duckDb(Path dir) throws Exception {
      return new Shop(dir, new DuckDbFixture(dir).environments(), new DuckDbFixture(dir).url());
    }

    static Shop on(Path dir, Engine engine) throws Exception {
      return new Shop(dir, Environments.open(engine, BuildProgress.silent(), Duration.ofMinutes(1)), engine.url());
    }

    /** The route of an environment, as the driver builds it. */
    EnvironmentRoute route(String name) throws SQLException {
      return new EnvironmentRoute(environments.state().routingState(name).orElseThrow(),
          environments.engine().dialect(), environments.engine().catalog(),
          new ModelSchemaWatch(java.time.Clock.systemUTC()), new RoutedSqlCache(RoutedSqlCache.DEFAULT_CHARACTERS));
    }

    String venvUrl(String name) {
      return "jdbc:venv:" + name + ":" + backendUrl.substring("jdbc:".length());
    }

    /** A venv connection to an environment; the engine stays the fixture's. */
    VenvConnection connect(String name) throws SQLException {
      return new VenvConnection(environments.engine().open(), route(name), venvUrl(name), environments.engine(),
          () -> { });
    }

    /** Rows of a query sent to the backend as it is, each as its columns joined by '|'. */
    List<String> backendRows(String sql) throws SQLException {
      try (Connection c = environments.engine().open(); Statement s = c.createStatement()) {
        return rows(s.executeQuery(sql));
      }
    }

    @Override
    public void close() throws SQLException {
      environments.close();
    }
  }
}
