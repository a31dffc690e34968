package dev.venv.benchmarks;

import dev.venv.engine.Engine;
import dev.venv.engine.StateLocation;
import dev.venv.env.BuildProgress;
import dev.venv.env.Environments;
import dev.venv.model.ModelRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue "Trino"'s creation budget: a new environment of {@code models} VIEW models with no change
 * (so only its views are made) costs at most 1.5× the bare {@code CREATE VIEW} DDL of as many views
 * on the same Trino, each over a model's physical object as the environment's are (a view over a
 * table or view costs Trino a catalog lookup that a view of constants does not). Needs the cluster
 * of {@code examples/trino/start} and the local PostgreSQL for the state, as {@link
 * TrinoPointQueryBenchmark}.
 *
 * <p>Setup makes a fresh state database and prod once. Each invocation is a pair, the side that
 * goes first alternating: venv creates environment {@code qa<n>} from prod through one open {@link
 * Environments} (as a running process would), and raw makes schema {@code <run>_bare<n>} and its
 * views through trino-jdbc, both as venv's owner user. Trino's DDL latency varies by tens of
 * percent under load, so the ratio is of means over the pairs.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Benchmark)
public class TrinoZeroChangeBenchmark {
  @Param("200")
  public int models;

  FreshPostgres state;
  String prefix;
  Path repository;
  Environments environments;
  ModelRepository loaded;
  List<String> physical;
  int next;
  boolean venvFirst;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    prefix = "z" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    state = FreshPostgres.create();
    try {
      TrinoBench.releaseClaim();
      repository = Files.createTempDirectory("venv-bench-trino-views");
      for (int i = 0; i < models; i++) {
        Path model = repository.resolve("models/m/v" + i + ".sql");
        Files.createDirectories(model.getParent());
        Files.writeString(model, "MODEL (name " + prefix + "_m.v" + i + ", kind VIEW);\nSELECT " + i + " AS id\n");
      }
      Properties owner = new Properties();
      owner.setProperty("user", "venv");
      StateLocation location = StateLocation.parse(state.url().substring("jdbc:".length()), FreshPostgres.USER,
          FreshPostgres.PASSWORD);
      environments = Environments.open(Engine.forUrl(TrinoBench.URL, owner, null, location), BuildProgress.silent(),
          Duration.ofMinutes(10));
      loaded = ModelRepository.load(repository.resolve("models"));
      environments.create(loaded, "prod", "prod", null);
      physical = new ArrayList<>();
      try (Connection c = TrinoBench.connect("venv"); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT table_name FROM iceberg.information_schema.tables"
              + " WHERE table_schema = 'venv__" + prefix + "_m' ORDER BY table_name")) {
        while (rs.next()) {
          physical.add(rs.getString(1));
        }
      }
      if (physical.size() != models) {
        throw new IllegalStateException("prod built " + physical.size() + " physical views, not " + models);
      }
    } catch (Exception | Error e) {
      tearDown(); // JMH does not tear down after a failed setup
      throw e;
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (environments != null) {
      environments.close();
    }
    if (prefix != null) {
      TrinoBench.dropObjectsOf(prefix);
    }
    if (repository != null) {
      TempFiles.deleteTree(repository);
    }
    if (state != null) {
      state.close();
    }
  }

  @Benchmark
  public void zeroChange(PairedSides sides) throws SQLException {
    int n = next++;
    venvFirst = !venvFirst;
    sides.pair(venvFirst, () -> createEnvironment(n), () -> createViews(n));
  }

  private long createEnvironment(int n) throws SQLException {
    long start = System.nanoTime();
    environments.create(loaded, "qa" + n, "prod", null);
    return System.nanoTime() - start;
  }

  private long createViews(int n) throws SQLException {
    long start = System.nanoTime();
    try (Connection c = TrinoBench.connect("venv"); Statement s = c.createStatement()) {
      String schema = "iceberg." + prefix + "_bare" + n;
      s.execute("CREATE SCHEMA " + schema);
      for (int i = 0; i < models; i++) {
        s.execute("CREATE VIEW " + schema + ".v" + i + " AS SELECT * FROM iceberg.\"venv__" + prefix + "_m\".\""
            + physical.get(i) + "\"");
      }
    }
    return System.nanoTime() - start;
  }
}
