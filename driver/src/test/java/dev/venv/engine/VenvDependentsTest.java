package dev.venv.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.venv.env.BuildProgress;
import dev.venv.env.Environments;
import dev.venv.model.ModelRepository;
import dev.venv.sql.SqlDialect;
import dev.venv.state.PhysicalName;
import dev.venv.testing.DuckDbFixture;
import dev.venv.testing.ModelRepositories;
import dev.venv.testing.PostgresTestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Engine#venvDependents}: what a {@code DROP … CASCADE} of an external table, schema or
 * function would take of venv's along with it — on PostgreSQL the chain
 * {@code raw.src → venv__m.m__v__<version> → m.v, m__dev.v}.
 */
class VenvDependentsTest {
  @RegisterExtension static final PostgresTestDatabase pg = PostgresTestDatabase.perClass();

  /** The model schema m and its environment view schemas hold venv's views. */
  private static final Predicate<String> VENV_SCHEMA = s -> s.equals("m") || s.startsWith("m__");

  @TempDir static Path dir;
  private static Engine engine;
  private static List<PhysicalName> chain;

  @BeforeAll
  static void prodAndDevOverAnExternalTable() throws SQLException {
    try (Connection c = pg.open(); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA raw");
      s.execute("CREATE TABLE raw.src (id int, amount numeric)");
      s.execute("CREATE TABLE raw.unread (id int)");
      s.execute("CREATE FUNCTION raw.twice(x numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT x * 2'");
    }
    engine = Engine.forUrl(pg.url(), PostgresTestDatabase.ownerProperties());
    try (Environments environments = Environments.open(
        Engine.forUrl(pg.url(), PostgresTestDatabase.ownerProperties()), BuildProgress.silent(), Duration.ofMinutes(1))) {
      ModelRepository models = ModelRepository.load(repository(dir), SqlDialect.POSTGRES);
      environments.create(models, "prod", "prod", null);
      environments.create(models, "dev", "prod", null);
    }
    try (Connection c = pg.open(); Statement s = c.createStatement()) {
      // the client's own objects over the chain: dependents, but not venv's
      s.execute("CREATE SCHEMA scratch");
      s.execute("CREATE VIEW scratch.mine AS SELECT * FROM raw.src");
      s.execute("CREATE VIEW scratch.over_dev AS SELECT * FROM m__dev.v");
      // a venv-schema view over a function, as a VIEW model calling it would make
      s.execute("CREATE VIEW m__dev.doubled AS SELECT raw.twice(amount) AS d FROM raw.unread, raw.src");
    }
    String physical;
    try (Connection c = pg.open()) {
      physical = dev.venv.testing.Rows.of(c, "SELECT table_name FROM information_schema.tables"
          + " WHERE table_schema = 'venv__m' AND table_name LIKE 'm\\_\\_v\\_\\_%'").get(0);
    }
    chain = List.of(new PhysicalName("m", "v"), new PhysicalName("m__dev", "v"), new PhysicalName("venv__m", physical));
  }

  private static Path repository(Path dir) {
    Path models = dir.resolve("models");
    ModelRepositories.write(models.resolve("m/v.sql"), "MODEL (name m.v, kind VIEW);\nSELECT id, amount FROM raw.src");
    ModelRepositories.write(models.resolve("m/t.sql"), "MODEL (name m.t, kind FULL);\nSELECT id FROM m.v");
    return models;
  }

  @Test
  void aTableThatAViewModelReadsTakesItsPhysicalViewAndEveryEnvironmentsView() throws SQLException {
    List<PhysicalName> doubled = List.of(new PhysicalName("m__dev", "doubled"));
    assertEquals(merge(chain, doubled), venvDependents(DropTarget.relation("raw.src")));
    assertEquals(merge(chain, doubled), venvDependents(DropTarget.relation("\"raw\".\"src\"")), "quoted");
    assertEquals(doubled, venvDependents(DropTarget.relation("raw.unread")));
  }

  @Test
  void bareNamesResolveOnTheClientsSearchPath() throws SQLException {
    try (Connection c = pg.open()) {
      try (Statement s = c.createStatement()) {
        s.execute("SET search_path = raw");
      }
      assertEquals(merge(chain, List.of(new PhysicalName("m__dev", "doubled"))),
          engine.venvDependents(c, List.of(DropTarget.relation("src")), VENV_SCHEMA));
      try (Statement s = c.createStatement()) {
        s.execute("SET search_path = scratch");
      }
      assertEquals(List.of(), engine.venvDependents(c, List.of(DropTarget.relation("src")), VENV_SCHEMA),
          "no src on this search path: nothing to drop");
    }
  }

  @Test
  void aSchemaAFunctionAndSeveralTargets() throws SQLException {
    List<PhysicalName> doubled = List.of(new PhysicalName("m__dev", "doubled"));
    assertEquals(merge(chain, doubled), venvDependents(DropTarget.schema("raw")));
    assertEquals(doubled, venvDependents(DropTarget.function("raw.twice")));
    assertEquals(doubled, venvDependents(DropTarget.function("raw.twice(numeric)")));
    assertEquals(merge(chain, doubled), venvDependents(DropTarget.relation("raw.unread"), DropTarget.relation("raw.src")));
    assertEquals(List.of(), venvDependents(DropTarget.relation("raw.nothing"), DropTarget.schema("nowhere"),
        DropTarget.function("raw.nothing"), DropTarget.type("raw.nothing")));
  }

  @Test
  void theClientsOwnViewsAreDependentsButNotVenvs() throws SQLException {
    try (Connection c = pg.open()) {
      List<PhysicalName> all = engine.dependents(c, List.of(DropTarget.relation("raw.src")));
      assertEquals(true, all.contains(new PhysicalName("scratch", "mine")), all::toString);
      assertEquals(true, all.contains(new PhysicalName("scratch", "over_dev")), "transitively: " + all);
      assertEquals(List.of(new PhysicalName("scratch", "over_dev")),
          engine.dependents(c, List.of(DropTarget.relation("m__dev.v"))), "a target is not its own dependent");
    }
  }

  @Test
  void theDependentsAreWhatPostgresDropsByCascade() throws SQLException {
    for (String[] drop : new String[][] {
        {"DROP TABLE raw.src CASCADE", "RELATION", "raw.src"},
        {"DROP SCHEMA raw CASCADE", "SCHEMA", "raw"},
        {"DROP FUNCTION raw.twice CASCADE", "FUNCTION", "raw.twice"}}) {
      try (Connection c = pg.open()) {
        List<PhysicalName> dependents = engine.dependents(c,
            List.of(new DropTarget(DropTarget.Kind.valueOf(drop[1]), drop[2])));
        c.setAutoCommit(false);
        List<String> before = relations(c);
        try (Statement s = c.createStatement()) {
          s.execute(drop[0]);
        }
        List<String> gone = new java.util.ArrayList<>(before);
        gone.removeAll(relations(c));
        c.rollback();
        if (drop[1].equals("RELATION")) {
          gone.remove(drop[2]); // the target itself
        }
        gone.sort(null);
        assertEquals(gone, dependents.stream().map(PhysicalName::toString).toList(), drop[0]);
      }
    }
  }

  private static List<String> relations(Connection c) throws SQLException {
    return dev.venv.testing.Rows.of(c, "SELECT n.nspname || '.' || c.relname FROM pg_class c"
        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'v')"
        + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')");
  }

  @Test
  void duckDbViewsBindLateSoNothingGoesWithADrop(@TempDir Path duckDir) throws SQLException {
    DuckDbFixture duck = new DuckDbFixture(duckDir);
    try (Connection c = duck.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA raw");
      s.execute("CREATE TABLE raw.src (id int, amount decimal(10, 2))");
    }
    try (Environments environments = duck.environments()) {
      environments.create(ModelRepository.load(repository(duckDir), SqlDialect.DUCKDB), "prod", "prod", null);
      try (Connection c = environments.engine().open()) {
        assertEquals(List.of(), environments.engine().venvDependents(c, List.of(DropTarget.relation("raw.src")),
            VENV_SCHEMA));
      }
    }
  }

  private static List<PhysicalName> venvDependents(DropTarget... targets) throws SQLException {
    try (Connection c = pg.open()) {
      return engine.venvDependents(c, List.of(targets), VENV_SCHEMA);
    }
  }

  private static List<PhysicalName> merge(List<PhysicalName> a, List<PhysicalName> b) {
    java.util.List<PhysicalName> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    all.sort(java.util.Comparator.comparing(PhysicalName::schema).thenComparing(PhysicalName::table));
    return all;
  }
}
