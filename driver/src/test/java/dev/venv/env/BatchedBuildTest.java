package dev.venv.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.model.ModelRepository;
import dev.venv.sql.SqlDialect;
import dev.venv.state.Snapshot;
import dev.venv.testing.ModelRepositories;
import dev.venv.testing.Warehouse;
import dev.venv.testing.Warehouse.Backend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Builds of many objects, which go in batches (one transaction each) where DDL is transactional:
 * what a user sees must be what one-by-one builds gave — every model built once, in dependency
 * order, recorded exactly when it exists, and a failing model named.
 */
class BatchedBuildTest {
  @TempDir Path dir;

  /** More views than one batch takes, over tables that are built first, and views over those. */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void moreModelsThanABatchAreEachBuiltOnceParentsFirstAndRecorded(Backend backend) throws Exception {
    int views = EnvironmentBuilder.MAX_BATCH + 150;
    Path models = dir.resolve("models");
    ModelRepositories.write(models.resolve("raw/numbers.sql"),
        "MODEL (name raw.numbers, kind FULL);\nSELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3\n");
    for (int i = 0; i < views; i++) {
      ModelRepositories.write(models.resolve("wide/v" + i + ".sql"),
          "MODEL (name wide.v" + i + ", kind VIEW);\nSELECT n, n * " + i + " AS scaled FROM raw.numbers\n");
    }
    // a table over a view over a table, and a view over that: four rounds of dependencies
    ModelRepositories.write(models.resolve("deep/t.sql"),
        "MODEL (name deep.t, kind FULL);\nSELECT sum(scaled) AS total FROM wide.v7\n");
    ModelRepositories.write(models.resolve("deep/v.sql"),
        "MODEL (name deep.v, kind VIEW);\nSELECT total + 1 AS total_plus_one FROM deep.t\n");

    try (Warehouse warehouse = Warehouse.open(backend, dir); Environments environments = open(warehouse)) {
      Map<String, Integer> reported = new ConcurrentHashMap<>();
      ModelRepository repository = ModelRepository.load(models, dialect(backend));
      Environments counting = Environments.open(warehouse.engine(), counting(reported), Duration.ofMinutes(2));
      try (counting) {
        counting.create(repository, "prod", "prod", null);
      }

      assertEquals(views + 3, reported.size(), "each model reported built");
      assertTrue(reported.values().stream().allMatch(n -> n == 1), "each once: " + reported);
      assertEquals(List.of("43"), warehouse.rows("SELECT total_plus_one FROM deep.v"), "7 * (1 + 2 + 3) + 1");
      assertEquals(List.of(String.valueOf(2 * (views - 1))),
          warehouse.rows("SELECT scaled FROM wide.v" + (views - 1) + " WHERE n = 2"));
      assertEquals(recorded(environments), warehouse.physicalObjects(), "recorded exactly when built");
    }
  }

  /**
   * A view that fails among many, sent to the backend in one call with others: the batch rolls back, and the models are built one by one, so
   * the error names the failing one; nothing is left existing but unrecorded, or recorded but
   * missing; the repaired repository then creates the environment.
   */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void aFailingModelInABatchNamesItselfAndLeavesBuiltAndRecordedAlike(Backend backend) throws Exception {
    Path models = dir.resolve("models");
    ModelRepositories.write(models.resolve("raw/numbers.sql"),
        "MODEL (name raw.numbers, kind FULL);\nSELECT 1 AS n UNION ALL SELECT 2\n");
    for (int i = 0; i < 40; i++) {
      String query = i == 22 ? "SELECT no_such_column FROM raw.numbers" : "SELECT n + " + i + " AS m FROM raw.numbers";
      ModelRepositories.write(models.resolve("wide/v" + i + ".sql"),
          "MODEL (name wide.v" + i + ", kind " + (i % 2 == 0 ? "VIEW" : "FULL") + ");\n" + query + "\n");
    }
    try (Warehouse warehouse = Warehouse.open(backend, dir); Environments environments = open(warehouse)) {
      SQLException e = assertThrows(SQLException.class,
          () -> environments.create(ModelRepository.load(models, dialect(backend)), "prod", "prod", null));

      assertTrue(e.getMessage().contains("wide.v22 (wide/v22.sql)"), e.getMessage());
      assertNotNull(e.getSQLState(), e.getMessage());
      assertTrue(environments.environment("prod").isEmpty());
      assertEquals(recorded(environments), warehouse.physicalObjects(), "recorded exactly when built");

      ModelRepositories.write(models.resolve("wide/v22.sql"),
          "MODEL (name wide.v22, kind VIEW);\nSELECT n + 22 AS m FROM raw.numbers\n");
      environments.create(ModelRepository.load(models, dialect(backend)), "prod", "prod", null);
      assertEquals(List.of("23", "24"), warehouse.rows("SELECT m FROM wide.v22 ORDER BY m"));
      assertEquals(recorded(environments), warehouse.physicalObjects());
    }
  }

  /**
   * Objects another create built between this one's plan and its build are shared, not reported
   * built by this one (found in review: two concurrent creators each listed all 900 as built).
   */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void objectsAnotherCreateBuiltMeanwhileAreSharedNotReportedBuilt(Backend backend) throws Exception {
    Path models = dir.resolve("models");
    ModelRepositories.write(models.resolve("raw/numbers.sql"),
        "MODEL (name raw.numbers, kind FULL);\nSELECT 1 AS n UNION ALL SELECT 2\n");
    for (int i = 0; i < 5; i++) {
      ModelRepositories.write(models.resolve("wide/v" + i + ".sql"),
          "MODEL (name wide.v" + i + ", kind VIEW);\nSELECT n + " + i + " AS m FROM raw.numbers\n");
    }
    try (Warehouse warehouse = Warehouse.open(backend, dir); Environments other = open(warehouse)) {
      ModelRepository repository = ModelRepository.load(models, dialect(backend));
      Map<String, Integer> reported = new ConcurrentHashMap<>();
      BuildProgress counted = counting(reported);
      BuildProgress meddling = new BuildProgress() {
        @Override
        public void starting(String environment, int builds) {
          try {
            other.create(repository, "dev2", "prod", null); // planned the same objects, builds them first
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        }

        @Override
        public void built(Snapshot snapshot, int done, int total, Duration took) {
          counted.built(snapshot, done, total, took);
        }
      };
      try (Environments first = Environments.open(warehouse.engine(), meddling, Duration.ofMinutes(2))) {
        Environments.Created created = first.create(repository, "dev1", "prod", null);
        assertEquals(6, created.plan().builds().size(), "planned before dev2 built them");
        assertEquals(List.of(), created.built());
        assertEquals(Map.of(), reported);
        assertEquals(other.environment("dev2").orElseThrow().snapshots(), created.environment().snapshots());
      }
      assertEquals(List.of("1", "2"), warehouse.rows("SELECT m FROM wide__dev1.v0 ORDER BY m"));
    }
  }

  /** A model whose data fails (text cast to a number) says so in its SQLState, class 22, on every backend. */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void aModelFailingOnItsDataSaysSoInItsSqlState(Backend backend) throws Exception {
    Path models = dir.resolve("models");
    ModelRepositories.write(models.resolve("raw/words.sql"), "MODEL (name raw.words, kind FULL);\nSELECT 'abc' AS w\n");
    ModelRepositories.write(models.resolve("wide/n.sql"),
        "MODEL (name wide.n, kind FULL);\nSELECT CAST(w AS INTEGER) AS n FROM raw.words\n");
    try (Warehouse warehouse = Warehouse.open(backend, dir); Environments environments = open(warehouse)) {
      SQLException e = assertThrows(SQLException.class,
          () -> environments.create(ModelRepository.load(models, dialect(backend)), "prod", "prod", null));
      assertTrue(e.getMessage().contains("wide.n (wide/n.sql)"), e.getMessage());
      assertTrue(e.getSQLState() != null && e.getSQLState().startsWith("22"), e.getSQLState() + ": " + e.getMessage());
    }
  }

  /** Found by the break-it review of issue 12: DuckDB's missing column came back as 42000, PostgreSQL's as 42703. */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void aModelReadingAMissingColumnSaysSoInItsSqlState(Backend backend) throws Exception {
    Path models = dir.resolve("models");
    ModelRepositories.write(models.resolve("raw/words.sql"), "MODEL (name raw.words, kind FULL);\nSELECT 'abc' AS w\n");
    ModelRepositories.write(models.resolve("wide/n.sql"),
        "MODEL (name wide.n, kind VIEW);\nSELECT no_such_column FROM raw.words\n");
    try (Warehouse warehouse = Warehouse.open(backend, dir); Environments environments = open(warehouse)) {
      SQLException e = assertThrows(SQLException.class,
          () -> environments.create(ModelRepository.load(models, dialect(backend)), "prod", "prod", null));
      assertTrue(e.getMessage().contains("wide.n (wide/n.sql)"), e.getMessage());
      assertEquals("42703", e.getSQLState(), e.getMessage());
    }
  }

  /**
   * A deep chain (each model reads the one before it, views and tables mixed, two models per
   * layer), which a batch takes whole where it may: each model is still built once, after its
   * parents; a model failing deep in the chain is the one named; the repaired chain builds.
   */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void aDeepChainIsBuiltOnceParentsFirstAndAFailureDeepInItIsNamed(Backend backend) throws Exception {
    Path models = dir.resolve("models");
    int layers = 60;
    ModelRepositories.write(models.resolve("d/m0.sql"), "MODEL (name d.m0, kind FULL);\nSELECT 1 AS n\n");
    for (int i = 1; i < layers; i++) {
      String kind = i % 3 == 0 ? "FULL" : "VIEW";
      String query = i == 45 ? "SELECT no_such_column FROM d.m44" : "SELECT n + 1 AS n FROM d.m" + (i - 1);
      ModelRepositories.write(models.resolve("d/m" + i + ".sql"), "MODEL (name d.m" + i + ", kind " + kind + ");\n"
          + query + "\n");
      ModelRepositories.write(models.resolve("d/side" + i + ".sql"), "MODEL (name d.side" + i + ", kind " + kind
          + ");\nSELECT n * 2 AS n FROM d.m" + (i - 1) + "\n");
    }
    try (Warehouse warehouse = Warehouse.open(backend, dir); Environments environments = open(warehouse)) {
      SQLException e = assertThrows(SQLException.class,
          () -> environments.create(ModelRepository.load(models, dialect(backend)), "prod", "prod", null));
      assertTrue(e.getMessage().contains("d.m45 (d/m45.sql)"), e.getMessage());
      assertEquals(recorded(environments), warehouse.physicalObjects(), "recorded exactly when built");

      ModelRepositories.write(models.resolve("d/m45.sql"), "MODEL (name d.m45, kind VIEW);\nSELECT n + 1 AS n FROM d.m44\n");
      Map<String, Integer> reported = new ConcurrentHashMap<>();
      try (Environments counting = Environments.open(warehouse.engine(), counting(reported), Duration.ofMinutes(2))) {
        counting.create(ModelRepository.load(models, dialect(backend)), "prod", "prod", null);
      }
      assertTrue(reported.values().stream().allMatch(n -> n == 1), "each once: " + reported);
      assertEquals(List.of(String.valueOf(layers)), warehouse.rows("SELECT n FROM d.m" + (layers - 1)));
      assertEquals(List.of(String.valueOf(2 * (layers - 1))), warehouse.rows("SELECT n FROM d.side" + (layers - 1)));
      assertEquals(recorded(environments), warehouse.physicalObjects());
    }
  }

  /**
   * An object under its final name but not recorded (a build of an older venv killed between its
   * rename and its record): the batch meets it, and the one-by-one build records it as it is.
   */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void anObjectFoundUnderItsFinalNameIsRecordedNotBuiltAgain(Backend backend) throws Exception {
    Path models = dir.resolve("models");
    for (int i = 0; i < 10; i++) {
      ModelRepositories.write(models.resolve("s/t" + i + ".sql"),
          "MODEL (name s.t" + i + ", kind FULL);\nSELECT " + i + " AS x\n");
    }
    try (Warehouse warehouse = Warehouse.open(backend, dir); Environments environments = open(warehouse)) {
      ModelRepository repository = ModelRepository.load(models, dialect(backend));
      Snapshot t4 = environments.plan(repository, "prod", "prod").snapshots().get("s.t4");
      try (Connection c = warehouse.connect(); Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA IF NOT EXISTS " + t4.physical().schema());
        s.execute("CREATE TABLE " + t4.physical().quoted() + " AS SELECT 4 AS x");
      }

      environments.create(repository, "prod", "prod", null);

      assertEquals(List.of("4"), warehouse.rows("SELECT x FROM s.t4"));
      assertEquals(recorded(environments), warehouse.physicalObjects());
    }
  }

  private static Environments open(Warehouse warehouse) throws SQLException {
    return warehouse.environments();
  }

  private static SqlDialect dialect(Backend backend) {
    return backend == Backend.DUCKDB ? SqlDialect.DUCKDB : SqlDialect.POSTGRES;
  }

  /** The physical objects the state records, as {@code schema.name}. */
  private static TreeSet<String> recorded(Environments environments) throws SQLException {
    TreeSet<String> names = new TreeSet<>();
    environments.state().physicalObjects().forEach(o -> names.add(o.name().toString()));
    return names;
  }

  private static BuildProgress counting(Map<String, Integer> reported) {
    return new BuildProgress() {
      @Override
      public void starting(String environment, int builds) {}

      @Override
      public void built(Snapshot snapshot, int done, int total, Duration took) {
        reported.merge(snapshot.model(), 1, Integer::sum);
      }
    };
  }
}
