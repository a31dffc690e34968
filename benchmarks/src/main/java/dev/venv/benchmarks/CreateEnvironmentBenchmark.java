package dev.venv.benchmarks;

import dev.venv.engine.Engine;
import dev.venv.env.BuildProgress;
import dev.venv.env.Environments;
import dev.venv.model.ModelRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
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
 * {@code create} on a DuckDB file whose prod holds a generated repository (built in the trial's
 * setup). The repository is loaded outside the timing ({@link FingerprintBenchmark} measures that).
 * Budget: a new environment with no changes under 1 s, dominated by the view DDL of its virtual
 * layer; with one changed leaf, that plus one build.
 *
 * <ul>
 *   <li>{@code newEnvironmentNoChanges}: a new environment (a new name each time) from prod, same
 *       models: no build, one view per model.
 *   <li>{@code newEnvironmentOneChangedLeaf}: the same, from a copy of the repository whose leaf
 *       (a FULL model nothing reads) has a new literal each time: one build plus the views.
 *   <li>{@code existingEnvironmentNoOp}: {@code create} of an environment that already holds
 *       exactly the repository's models: a state check, nothing built or created.
 *   <li>{@code rawVirtualLayerDdl}: no venv: the same statements {@code newEnvironmentNoChanges}
 *       ends with, one {@code CREATE SCHEMA} per model schema and one {@code CREATE VIEW ... AS
 *       SELECT * FROM <prod's physical object>} per model, straight through JDBC in one
 *       transaction. What is left of {@code newEnvironmentNoChanges} beyond this is venv's own
 *       work (state reads, planning, catalog checks, state writes).
 * </ul>
 *
 * <p>Each invocation leaves an environment behind, so the database and its catalog grow by one
 * environment per invocation (about 20 in a run); that is part of what is measured.
 */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class CreateEnvironmentBenchmark {
  @Param("1000")
  public int models;

  Path dir;
  Environments environments;
  ModelRepository repository;
  RepositoryGenerator.Generated changedCopy;
  long marker;
  int next;
  /** Model name → prod's physical object, quoted. */
  Map<String, String> prodPhysical;

  @Setup(Level.Trial)
  public void buildProd() throws Exception {
    dir = Files.createTempDirectory("venv-bench-create");
    RepositoryGenerator.Generated generated = RepositoryGenerator.generate(dir.resolve("repo"), models);
    changedCopy = RepositoryGenerator.generate(dir.resolve("repo-changed"), models);
    Engine engine = Engine.forUrl("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"), new Properties());
    environments = Environments.open(engine, BuildProgress.silent(), Duration.ofMinutes(1));
    repository = ModelRepository.load(generated.root());
    environments.create(repository, "prod", "prod", null);
    Environments.Created dev = environments.create(repository, "dev", "prod", null);
    if (!dev.plan().builds().isEmpty()) {
      throw new IllegalStateException("an unchanged environment built " + dev.plan().builds().size() + " objects");
    }
    prodPhysical = new TreeMap<>();
    environments.state().snapshots(environments.environment("prod").orElseThrow().snapshotIds())
        .forEach((id, snapshot) -> prodPhysical.put(id.model(), snapshot.physical().quoted()));
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    environments.close();
    TempFiles.deleteTree(dir);
  }

  /** Gives the copy's leaf a new literal and loads the copy, before each invocation. */
  @State(Scope.Benchmark)
  public static class ChangedLeaf {
    ModelRepository repository;

    @Setup(Level.Invocation)
    public void change(CreateEnvironmentBenchmark b) throws Exception {
      b.changedCopy.changeLeaf(++b.marker);
      repository = ModelRepository.load(b.changedCopy.root());
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 3)
  @Measurement(iterations = 15)
  public Environments.Created newEnvironmentNoChanges() throws Exception {
    Environments.Created created = environments.create(repository, "dev_same_" + next++, "prod", null);
    if (!created.plan().builds().isEmpty()) {
      throw new IllegalStateException("built " + created.plan().builds().size() + " objects, expected none");
    }
    return created;
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 3)
  @Measurement(iterations = 15)
  public Environments.Created newEnvironmentOneChangedLeaf(ChangedLeaf leaf) throws Exception {
    Environments.Created created = environments.create(leaf.repository, "dev_leaf_" + next++, "prod", null);
    if (created.plan().builds().size() != 1) {
      throw new IllegalStateException("built " + created.plan().builds().size() + " objects, expected one");
    }
    return created;
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @Warmup(iterations = 3, time = 2)
  @Measurement(iterations = 5, time = 2)
  public Environments.Created existingEnvironmentNoOp() throws Exception {
    Environments.Created created = environments.create(repository, "dev", "prod", null);
    if (created.changed()) {
      throw new IllegalStateException("create of an unchanged environment changed it");
    }
    return created;
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 3)
  @Measurement(iterations = 15)
  public int rawVirtualLayerDdl() throws Exception {
    String suffix = "__raw_" + next++;
    Set<String> schemas = new HashSet<>();
    try (Connection c = environments.engine().open(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      for (Map.Entry<String, String> e : prodPhysical.entrySet()) {
        int dot = e.getKey().indexOf('.');
        String schema = '"' + e.getKey().substring(0, dot) + suffix + '"';
        if (schemas.add(schema)) {
          s.execute("CREATE SCHEMA " + schema);
        }
        s.execute("CREATE VIEW " + schema + ".\"" + e.getKey().substring(dot + 1) + "\" AS SELECT * FROM " + e.getValue());
      }
      c.commit();
    }
    return prodPhysical.size();
  }
}
