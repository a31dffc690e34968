package dev.venv.benchmarks;

import dev.venv.benchmarks.RepositoryGenerator.Kind;
import dev.venv.benchmarks.RepositoryGenerator.Shape;
import dev.venv.env.Environments;
import dev.venv.env.Janitor;
import dev.venv.model.ModelRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What an existing warehouse costs as it grows: creating an environment, a no-op create and a
 * connect, in a {@link ScaleWarehouse} of {@code models} models whose prod sits beside {@code
 * environments - 1} other environments. {@link ScaleByModelsBenchmark} and {@link
 * ScaleByEnvironmentsBenchmark} choose which warehouses (JMH crosses every parameter of a class,
 * and 100 environments of 10,000 models would take an hour to set up).
 *
 * <ul>
 *   <li>{@code newEnvironment}, paired: venv ({@code venvNanos}) {@code Environments.create} of a
 *       new environment from prod with the same models (no build, one view per model), against
 *       raw ({@code rawNanos}) that environment's view DDL through plain DuckDB JDBC on the same
 *       database in one transaction ({@link PlainDdl#environmentViews}: a {@code CREATE SCHEMA} per
 *       schema and a {@code CREATE VIEW ... AS SELECT * FROM <prod's physical object>} per model).
 *       Budget: venv within 1.3× raw at 1,000, 5,000 and 10,000 models, and no slower with 100
 *       environments than with 1 (within 1.1×).
 *   <li>{@code newEnvironmentOnePercentChanged}, paired: the same from a copy of the repository
 *       in which 1% of the models, all leaves (models nothing reads), get a new literal before each
 *       invocation (changed and loaded outside the timing): venv builds those and creates the
 *       views; raw builds them too
 *       ({@link PlainDdl#rebuild}, their queries as written, reading prod's views) before the views,
 *       in one transaction. No budget: for the chart.
 *   <li>{@code noOpCreate}: {@code create} of prod, which already holds exactly these models: one
 *       read of its model → fingerprint map. Budget: under 10 ms at 1,000 models. There is no DDL
 *       to compare with.
 *   <li>{@code connect}, paired: venv {@code DriverManager.getConnection("jdbc:venv:prod:duckdb:<file>")}
 *       and close, against raw {@code DuckDBDriver.connect("jdbc:duckdb:<file>")} and close, with a
 *       venv connection and a raw one open all along (the DuckDB instance and venv's route cached,
 *       as in an application; see {@link ConnectBenchmark}). Budget: within 0.3 ms of raw at 1 and
 *       100 environments and at 1,000 and 10,000 models. Paired, unlike {@link ConnectBenchmark}:
 *       0.3 ms is close to the noise between two forks on a shared machine.
 * </ul>
 *
 * <p>Paired means each invocation runs both sides, alternating which goes first, timing each with
 * {@code System.nanoTime} into {@link PairedSides}; {@link RunBenchmarks} reports each side and
 * the ratio per iteration. Before its timing, each create invocation removes what the one before
 * it made (venv's environment, invalidated and swept by the janitor; raw's schemas, dropped), so
 * every create finds exactly {@code environments} environments; left behind, they grew the catalog
 * by two environments' views per invocation, and a fork of "1 environment" ended at 23. Creates
 * are single shot; how many invocations each subclass says (JMH takes a method's own annotations
 * before its class's, so these two methods carry none). No-op creates and connects average time,
 * 3 × 1 s warm-up and 5 × 1 s measured. Every method has a fork of its own, each on a copy of the
 * run's warehouse ({@link BuiltWarehouses}).
 */
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@State(Scope.Benchmark)
// JMH interrupts an iteration after 10 minutes by default; the first one also sets the trial up,
// which for the largest warehouses takes several minutes at today's speed.
@Timeout(time = 30, timeUnit = TimeUnit.MINUTES)
public abstract class ScaleEnvironmentBenchmark {
  ScaleWarehouse warehouse;
  int next;
  boolean venvFirst;
  /** Set up for {@code connect} only. */
  Connections connections;

  abstract int models();

  abstract int environments();

  abstract String kind();

  abstract String shape();

  @Setup(Level.Trial)
  public void open(BenchmarkParams params) throws Exception {
    warehouse = ScaleWarehouse.open(Kind.of(kind()), Shape.of(shape()), models(), environments());
    if (params.getBenchmark().endsWith(".connect")) {
      connections = new Connections(warehouse.file());
    }
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException {
    try {
      if (connections != null) {
        connections.close();
      }
    } finally {
      if (warehouse != null) {
        warehouse.close();
      }
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public void newEnvironment(PairedSides sides) throws SQLException {
    pair(sides, warehouse.repository(), List.of());
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public void newEnvironmentOnePercentChanged(OnePercentChange change, PairedSides sides) throws SQLException {
    pair(sides, change.repository, change.changed);
  }

  /** One environment each side, from {@code repository} whose {@code changed} models are built anew; order alternating. */
  private void pair(PairedSides sides, ModelRepository repository, List<String> changed) throws SQLException {
    removePrevious();
    int n = next++;
    venvFirst = !venvFirst;
    if (venvFirst) {
      sides.venvNanos += create(repository, n, changed.size());
      sides.rawNanos += views(n, repository, changed);
    } else {
      sides.rawNanos += views(n, repository, changed);
      sides.venvNanos += create(repository, n, changed.size());
    }
    sides.pairs++;
  }

  /**
   * Removes, untimed, the environment and the raw views the previous create invocation made (none
   * before the first): venv's through {@code invalidate} and the janitor (its views, and the
   * tables a 1% change built, which nothing else holds), raw's by dropping its schemas.
   */
  private void removePrevious() throws SQLException {
    if (next == 0) {
      return;
    }
    int n = next - 1;
    Environments environments = warehouse.environments();
    environments.invalidate("dev_" + n);
    Janitor.Report report = environments.janitor().run(false, true);
    if (!report.failed().isEmpty() || environments.environment("dev_" + n).isPresent()) {
      throw new IllegalStateException("the janitor left dev_" + n + ": " + report.failed());
    }
    Set<String> schemas = new TreeSet<>();
    warehouse.repository().models().values().forEach(m -> schemas.add(m.schema() + "__plain_" + n));
    schemas.add("plain_build_" + n);
    try (Connection c = environments.engine().open(); Statement s = c.createStatement()) {
      for (String schema : schemas) {
        s.execute("DROP SCHEMA IF EXISTS " + PlainDdl.quote(schema) + " CASCADE");
      }
    }
  }

  /**
   * Writes the log into the file, untimed, before each side: DuckDB checkpoints on the commit that
   * takes its log past 16 MB, a second and more at thousands of views, and a few single shots put
   * that on whichever side happens to cross it (seen: one venv iteration of four at 2.8x, the other
   * three at 0.9-1.3x). From a checkpointed file neither side crosses it. What is left out is the
   * checkpoints' share, which follows the log each side writes: venv's is about 30% more (its state
   * rows; 555 against 425 KB at 1,000 models).
   */
  private void checkpoint() throws SQLException {
    try (Connection c = warehouse.environments().engine().open(); Statement s = c.createStatement()) {
      s.execute("CHECKPOINT");
    }
  }

  /** venv: a new environment {@code dev_<n>} from prod; checks (outside the timing) that it built {@code builds}. */
  private long create(ModelRepository repository, int n, int builds) throws SQLException {
    checkpoint();
    long start = System.nanoTime();
    Environments.Created created = warehouse.environments().create(repository, "dev_" + n, "prod", null);
    long nanos = System.nanoTime() - start;
    if (created.plan().builds().size() != builds) {
      throw new IllegalStateException("built " + created.plan().builds().size() + " objects, expected " + builds);
    }
    return nanos;
  }

  /**
   * raw: {@code rebuilt} models built anew in schema {@code plain_build_<n>} (none for no change),
   * then views {@code <schema>__plain_<n>} over them and over prod's physical objects for the rest.
   */
  private long views(int n, ModelRepository repository, List<String> rebuilt) throws SQLException {
    checkpoint();
    long start = System.nanoTime();
    try (Connection c = warehouse.environments().engine().open(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      Map<String, String> objects = new LinkedHashMap<>(warehouse.prodPhysical());
      if (!rebuilt.isEmpty()) {
        objects.putAll(PlainDdl.rebuild(s, "plain_build_" + n, repository, rebuilt));
      }
      PlainDdl.environmentViews(s, "plain_" + n, objects);
      c.commit();
    }
    return System.nanoTime() - start;
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 3, time = 1)
  @Measurement(iterations = 5, time = 1)
  public Environments.Created noOpCreate() throws SQLException {
    Environments.Created created = warehouse.environments().create(warehouse.repository(), "prod", "prod", null);
    if (created.changed()) {
      throw new IllegalStateException("a create of prod with prod's own models changed it");
    }
    return created;
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Warmup(iterations = 3, time = 1)
  @Measurement(iterations = 5, time = 1)
  public void connect(PairedSides sides) throws SQLException {
    venvFirst = !venvFirst;
    if (venvFirst) {
      sides.venvNanos += connections.venv();
      sides.rawNanos += connections.raw();
    } else {
      sides.rawNanos += connections.raw();
      sides.venvNanos += connections.venv();
    }
    sides.pairs++;
  }

  /**
   * The connections {@code connect} keeps open and the ones it makes: a venv connection to prod
   * first (it opens the DuckDB instance in the driver and caches prod's route), then a raw one,
   * which DuckDB's instance cache hands the same database.
   */
  static final class Connections implements AutoCloseable {
    private final String venvUrl;
    private final String rawUrl;
    private final org.duckdb.DuckDBDriver duckdb = new org.duckdb.DuckDBDriver();
    private final Connection venvKept;
    private final Connection rawKept;

    Connections(Path file) throws SQLException {
      venvUrl = "jdbc:venv:prod:duckdb:" + file;
      rawUrl = "jdbc:duckdb:" + file;
      venvKept = DriverManager.getConnection(venvUrl);
      try {
        rawKept = duckdb.connect(rawUrl, new Properties());
      } catch (SQLException e) {
        venvKept.close();
        throw e;
      }
    }

    long venv() throws SQLException {
      long start = System.nanoTime();
      DriverManager.getConnection(venvUrl).close();
      return System.nanoTime() - start;
    }

    long raw() throws SQLException {
      long start = System.nanoTime();
      duckdb.connect(rawUrl, new Properties()).close();
      return System.nanoTime() - start;
    }

    @Override
    public void close() throws SQLException {
      try {
        rawKept.close();
      } finally {
        venvKept.close();
      }
    }
  }

  /**
   * A copy of the warehouse's repository, generated once per trial, whose last 1% of leaves get a
   * new literal (and file a new mtime) before each invocation, then loaded: 1% of the models
   * changed, each a model nothing reads, so venv builds exactly those.
   */
  @State(Scope.Benchmark)
  public static class OnePercentChange {
    Path dir;
    RepositoryGenerator.Generated copy;
    int count;
    long marker;
    ModelRepository repository;
    List<String> changed;

    @Setup(Level.Trial)
    public void generate(BenchmarkParams params) throws Exception {
      int models = Integer.parseInt(params.getParam("models"));
      count = Math.max(1, models / 100);
      dir = Files.createTempDirectory("venv-bench-one-percent");
      copy = RepositoryGenerator.generate(dir.resolve("repo"), models, Kind.of(params.getParam("kind")),
          Shape.of(params.getParam("shape")));
    }

    @Setup(Level.Invocation)
    public void change() throws Exception {
      changed = copy.changeLeaves(count, ++marker);
      repository = ModelRepository.load(copy.root());
    }

    @TearDown(Level.Trial)
    public void delete() {
      TempFiles.deleteTree(dir);
    }
  }
}
