package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.testing.ModelRepositories;
import dev.venv.testing.Rows;
import dev.venv.testing.TrinoCluster;
import dev.venv.testing.TrinoWarehouse;
import dev.venv.testing.Warehouse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A view of one's own that reads a model, made through one environment's connection, is read by
 * every connection: the backend keeps the name routing gave its body (the environment's view,
 * {@code marts__dev.x}, or prod's {@code marts.x}) and resolves it for whoever reads the view, so
 * prod's connection read dev's rows through it, and dev's prod's. No driver can route a name inside
 * the database's own object, so a lasting definition that reads a model is refused (0A000, saying
 * what to do instead) on every backend, and nothing is made; a {@code TEMPORARY} view, which lives
 * in the one connection that made it, a view that reads no model, and a copy of a model's rows
 * ({@code CREATE TABLE … AS}) still work.
 */
class LastingDefinitionsTest {
  @TempDir Path dir;

  /** One backend's prod and dev (dev's rows of {@link #model} differ), and how to reach them. */
  private interface Fixture extends AutoCloseable {
    Connection connect(String env) throws SQLException;

    /** A model whose rows dev and prod see differently. */
    String model();

    /** A schema of the user's own, existing. */
    String scratch();

    @Override
    void close() throws SQLException;
  }

  @ParameterizedTest
  @ValueSource(strings = {"duckdb", "postgresql", "trino"})
  void aLastingViewThatReadsAModelIsRefusedOnEveryBackend(String backend) throws Exception {
    try (Fixture f = fixture(backend)) {
      String model = f.model();
      String scratch = f.scratch();
      String read = "SELECT * FROM " + model;
      List<String> prodRows;
      List<String> devRows;
      try (Connection prod = f.connect("prod"); Connection dev = f.connect("dev")) {
        prodRows = sorted(Rows.of(prod, read));
        devRows = sorted(Rows.of(dev, read));
        assertNotEquals(prodRows, devRows, "the fixture's environments differ");
        List<String> lasting = new ArrayList<>(List.of(
            "CREATE VIEW " + scratch + ".mine AS " + read,
            "CREATE OR REPLACE VIEW " + scratch + ".mine AS SELECT x.* FROM (" + read + ") AS x",
            "create view " + scratch + ".mine as select count(*) as n from " + model.toUpperCase(java.util.Locale.ROOT)));
        if (backend.equals("postgresql")) {
          lasting.add("CREATE MATERIALIZED VIEW " + scratch + ".mine AS " + read);
          lasting.add("CREATE FUNCTION " + scratch + ".mine() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*)"
              + " FROM " + model + "; END");
        }
        if (backend.equals("duckdb")) {
          lasting.add("CREATE MACRO " + scratch + ".mine() AS TABLE " + read);
        }
        for (Connection c : List.of(dev, prod)) {
          try (Statement s = c.createStatement()) {
            for (String sql : lasting) {
              SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
              assertEquals("0A000", e.getSQLState(), sql + ": " + e.getMessage());
              assertTrue(e.getMessage().startsWith("venv: a view, macro or function that reads model "), e.getMessage());
              assertTrue(e.getMessage().contains("TEMPORARY"), e.getMessage());
            }
            SQLException missing = assertThrows(SQLException.class,
                () -> Rows.of(c, "SELECT * FROM " + scratch + ".mine"), "nothing was made");
            assertTrue(missing.getSQLState() != null && missing.getSQLState().startsWith("42"), missing.getMessage());
          }
        }
        try (Statement s = dev.createStatement()) {
          // a view that reads no model, and a copy of the model's rows, are the user's as before
          s.execute("CREATE VIEW " + scratch + ".plain AS SELECT 1 AS x");
          s.execute("CREATE TABLE " + scratch + ".copied AS " + read);
          assertEquals(devRows, sorted(Rows.of(dev, "SELECT * FROM " + scratch + ".copied")));
          if (!backend.equals("trino")) { // Trino has no temporary views
            s.execute("CREATE TEMPORARY VIEW mine_here AS " + read);
            assertEquals(devRows, sorted(Rows.of(dev, "SELECT * FROM mine_here")), "dev's rows, in dev's connection");
          }
          s.execute("DROP VIEW " + scratch + ".plain");
          s.execute("DROP TABLE " + scratch + ".copied");
        }
      }
    }
  }

  private Fixture fixture(String backend) throws Exception {
    if (backend.equals("trino")) {
      TrinoWarehouse w = TrinoWarehouse.open('v');
      Path prodModels = w.shop(dir.resolve("prod"), false);
      Path devModels = w.shop(dir.resolve("dev"), true);
      w.connect("prod", prodModels).close();
      w.connect("dev", devModels).close();
      String scratch = "scratch_" + w.prefix();
      try (Connection owner = TrinoCluster.connect(TrinoCluster.OWNER); Statement s = owner.createStatement()) {
        s.execute("CREATE SCHEMA iceberg." + scratch);
      }
      return new Fixture() {
        @Override
        public Connection connect(String env) throws SQLException {
          // venv itself, whom Trino lets do everything: the driver is the only guard, as on DuckDB
          return java.sql.DriverManager.getConnection(w.url(env, TrinoCluster.OWNER, "", null));
        }

        @Override
        public String model() {
          return w.name("marts.customer_revenue");
        }

        @Override
        public String scratch() {
          return scratch;
        }

        @Override
        public void close() throws SQLException {
          try {
            TrinoCluster.dropObjectsOf(w.prefix()); // the scratch schema carries the prefix too
          } finally {
            w.close();
          }
        }
      };
    }
    Warehouse w = Warehouse.open(backend.equals("duckdb") ? Warehouse.Backend.DUCKDB : Warehouse.Backend.POSTGRES, dir);
    Path prodModels = ModelRepositories.copyShop(dir.resolve("prod"));
    Path devModels = ModelRepositories.copyShop(dir.resolve("dev"));
    ModelRepositories.edit(devModels.resolve("marts/customer_orders.sql"), "COUNT(v.order_id)    ",
        "COUNT(CASE WHEN v.order_status = 'completed' THEN v.order_id END)");
    w.connectThroughVenv("prod", prodModels).close();
    w.connectThroughVenv("dev", devModels).close();
    try (Connection raw = w.connect(); Statement s = raw.createStatement()) {
      s.execute("CREATE SCHEMA scratch");
    }
    return new Fixture() {
      @Override
      public Connection connect(String env) throws SQLException {
        return w.connectThroughVenv(env, null);
      }

      @Override
      public String model() {
        return "marts.customer_orders";
      }

      @Override
      public String scratch() {
        return "scratch";
      }

      @Override
      public void close() throws SQLException {
        w.close();
      }
    };
  }

  private static List<String> sorted(List<String> rows) {
    List<String> copy = new ArrayList<>(rows);
    copy.sort(null);
    return copy;
  }
}
