package dev.venv.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.engine.Engine;
import dev.venv.model.ModelRepository;
import dev.venv.sql.SqlDialect;
import dev.venv.state.Environment;
import dev.venv.testing.DuckDbFixture;
import dev.venv.testing.ModelRepositories;
import dev.venv.testing.PostgresTestDatabase;
import dev.venv.testing.Rows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hole 16: a user's view over an environment's view must not block {@code create} or
 * {@code promote}. Views are replaced in place where the columns allow (same names and types in
 * order, new ones appended); where they do not and the user's objects depend on the view, the
 * command fails before it builds anything, naming them.
 */
class PostgresViewReplacementTest {
  @RegisterExtension static final PostgresTestDatabase pg = PostgresTestDatabase.perClass();

  private static final String ORDER_COUNT = "COUNT(v.order_id)  ";
  private static final String REVENUE_TYPE = "AS DECIMAL(12, 2))                                    AS revenue";
  private static final String LAST_COLUMN = "AS last_order_date\n";

  @TempDir Path dir;
  private Path prodModels;

  @BeforeEach
  void prodFromTheShop() throws Exception {
    try (Connection c = pg.open(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS scratch CASCADE");
      s.execute("CREATE SCHEMA scratch");
    }
    prodModels = ModelRepositories.copyShop(dir.resolve("prod"));
    try (Environments environments = open()) {
      environments.janitor().run(false, true); // what the last test left
      for (Environment e : environments.list()) {
        if (!e.name().equals("prod")) {
          environments.invalidate(e.name());
        }
      }
      environments.janitor().run(false, true);
      environments.create(load(prodModels), "prod", "prod", null);
    }
  }

  @Test
  void aUserViewOverADevViewFollowsAnUpdateWhoseColumnsStayTheSame() throws Exception {
    Path devModels = edited("dev1", ORDER_COUNT, "COUNT(v.order_id) + 1");
    try (Environments environments = open()) {
      environments.create(load(devModels), "dev", "prod", null);
      execute("CREATE VIEW scratch.mine AS SELECT customer_id, order_count FROM marts__dev.customer_orders");
      List<String> before = rows("SELECT order_count FROM scratch.mine ORDER BY customer_id");

      ModelRepositories.edit(devModels.resolve("marts/customer_orders.sql"), "COUNT(v.order_id) + 1", "COUNT(v.order_id) + 2");
      environments.create(load(devModels), "dev", "prod", null);

      List<String> after = rows("SELECT order_count FROM scratch.mine ORDER BY customer_id");
      for (int i = 0; i < before.size(); i++) {
        assertEquals(Long.parseLong(before.get(i)) + 1, Long.parseLong(after.get(i)), "the user's view reads dev's new rows");
      }
    }
  }

  @Test
  void aNewColumnIsAppendedInPlace() throws Exception {
    Path devModels = edited("dev2", LAST_COLUMN, "AS last_order_date,\n  42 AS extra\n");
    execute("CREATE VIEW scratch.mine AS SELECT customer_id, order_count FROM marts.customer_orders");
    try (Environments environments = open()) {
      environments.create(load(devModels), "dev", "prod", null);
      environments.promote("dev", "prod");
    }
    assertEquals(List.of("42"), rows("SELECT DISTINCT extra FROM marts.customer_orders"));
    assertEquals(12, rows("SELECT * FROM scratch.mine").size());
  }

  @Test
  void aPromotionReplacesProdsViewsUnderAUserView() throws Exception {
    Path devModels = edited("dev3", ORDER_COUNT, "COUNT(v.order_id) + 10");
    execute("CREATE VIEW scratch.mine AS SELECT customer_id, order_count FROM marts.customer_orders");
    List<String> before = rows("SELECT order_count FROM scratch.mine ORDER BY customer_id");
    try (Environments environments = open()) {
      environments.create(load(devModels), "dev", "prod", null);
      environments.promote("dev", "prod");
    }
    List<String> after = rows("SELECT order_count FROM scratch.mine ORDER BY customer_id");
    assertEquals(Long.parseLong(before.get(0)) + 10, Long.parseLong(after.get(0)));
  }

  @Test
  void aChangedColumnTypeUnderAUserViewFailsBeforeBuildingAndNamesTheView() throws Exception {
    Path devModels = edited("dev4", ORDER_COUNT, "COUNT(v.order_id) + 1");
    try (Environments environments = open()) {
      environments.create(load(devModels), "dev", "prod", null);
      execute("CREATE VIEW scratch.mine AS SELECT customer_id, revenue FROM marts__dev.customer_orders");
      // downstream too: lifetime_value is customer_orders.revenue, so its type changes with it
      execute("CREATE VIEW scratch.life AS SELECT customer_id, lifetime_value FROM marts__dev.customer_lifetime");
      Optional<Environment> dev = environments.environment("dev");
      TreeSet<String> physical = physical();

      ModelRepositories.edit(devModels.resolve("marts/customer_orders.sql"), REVENUE_TYPE,
          "AS DECIMAL(14, 4))                                    AS revenue");
      SQLException e = assertThrows(SQLException.class, () -> environments.create(load(devModels), "dev", "prod", null));

      assertEquals("2BP01", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("scratch.mine") && e.getMessage().contains("marts__dev.customer_orders"),
          e.getMessage());
      assertTrue(e.getMessage().contains("revenue"), "says which column: " + e.getMessage());
      assertTrue(e.getMessage().contains("scratch.life") && e.getMessage().contains("marts__dev.customer_lifetime"),
          e.getMessage());
      assertEquals(physical, physical(), "nothing was built");
      assertEquals(dev, environments.environment("dev"), "dev is as it was");
      assertEquals(12, rows("SELECT * FROM scratch.mine").size(), "the user's views still work");
      assertEquals(12, rows("SELECT * FROM scratch.life").size());
    }
  }

  @Test
  void aPromotionThatWouldChangeAColumnUnderAUserViewFailsAndLeavesProdAsItWas() throws Exception {
    Path devModels = edited("dev5", "AS order_count,", "AS orders,");
    try (Environments environments = open()) {
      environments.create(load(devModels), "dev", "prod", null);
      execute("CREATE VIEW scratch.mine AS SELECT customer_id, order_count FROM marts.customer_orders");
      Environment prod = environments.environment("prod").orElseThrow();

      SQLException e = assertThrows(SQLException.class, () -> environments.promote("dev", "prod"));

      assertEquals("2BP01", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("scratch.mine") && e.getMessage().contains("marts.customer_orders"),
          e.getMessage());
      assertEquals(prod, environments.environment("prod").orElseThrow());
      assertEquals(12, rows("SELECT order_count FROM marts.customer_orders").size());
    }
  }

  @Test
  void removingAModelUnderAUserViewFailsBeforeBuilding() throws Exception {
    Path devModels = edited("dev6", ORDER_COUNT, "COUNT(v.order_id) + 1");
    try (Environments environments = open()) {
      environments.create(load(devModels), "dev", "prod", null);
      execute("CREATE VIEW scratch.mine AS SELECT * FROM marts__dev.product_sales");
      TreeSet<String> physical = physical();

      java.nio.file.Files.delete(devModels.resolve("marts/product_sales.sql"));
      ModelRepositories.edit(devModels.resolve("marts/customer_orders.sql"), "COUNT(v.order_id) + 1", "COUNT(v.order_id) + 3");
      SQLException e = assertThrows(SQLException.class, () -> environments.create(load(devModels), "dev", "prod", null));

      assertEquals("2BP01", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("scratch.mine") && e.getMessage().contains("marts__dev.product_sales"),
          e.getMessage());
      assertEquals(physical, physical(), "nothing was built");
    }
  }

  @Test
  void duckDbViewsBindLateSoAUserViewNeverBlocks(@TempDir Path duckDir) throws Exception {
    DuckDbFixture duck = new DuckDbFixture(duckDir);
    Path devModels = edited("duck", ORDER_COUNT, "COUNT(v.order_id) + 1");
    try (Environments environments = duck.environments()) {
      environments.create(ModelRepository.load(prodModels, SqlDialect.DUCKDB), "prod", "prod", null);
      environments.create(ModelRepository.load(devModels, SqlDialect.DUCKDB), "dev", "prod", null);
      try (Connection c = environments.engine().open(); Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA scratch");
        s.execute("CREATE VIEW scratch.mine AS SELECT customer_id, revenue FROM marts__dev.customer_orders");
      }
      ModelRepositories.edit(devModels.resolve("marts/customer_orders.sql"), "COUNT(v.order_id) + 1", "COUNT(v.order_id) + 2");
      environments.create(ModelRepository.load(devModels, SqlDialect.DUCKDB), "dev", "prod", null);
      try (Connection c = environments.engine().open()) {
        assertEquals(12, Rows.of(c, "SELECT * FROM scratch.mine").size(), "the user's view reads dev's new rows");
      }
      // DuckDB does not stop a column change either; the user's view then fails when queried
      ModelRepositories.edit(devModels.resolve("marts/customer_orders.sql"), REVENUE_TYPE,
          "AS DECIMAL(14, 4))                                    AS revenue");
      environments.create(ModelRepository.load(devModels, SqlDialect.DUCKDB), "dev", "prod", null);
    }
  }

  private Path edited(String name, String from, String to) {
    Path models = ModelRepositories.copyShop(dir.resolve(name));
    ModelRepositories.edit(models.resolve("marts/customer_orders.sql"), from, to);
    return models;
  }

  private static ModelRepository load(Path models) throws dev.venv.model.ModelRepositoryException {
    return ModelRepository.load(models, SqlDialect.POSTGRES);
  }

  private static Environments open() throws SQLException {
    return Environments.open(Engine.forUrl(pg.url(), PostgresTestDatabase.ownerProperties()), BuildProgress.silent(),
        Duration.ofMinutes(1));
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = pg.open(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static List<String> rows(String sql) throws SQLException {
    try (Connection c = pg.open()) {
      return Rows.of(c, sql);
    }
  }

  private static TreeSet<String> physical() throws SQLException {
    return new TreeSet<>(rows("SELECT table_schema || '.' || table_name FROM information_schema.tables"
        + " WHERE table_schema LIKE 'venv\\_\\_%'"));
  }
}
