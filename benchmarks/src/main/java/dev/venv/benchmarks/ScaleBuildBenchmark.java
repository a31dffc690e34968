package dev.venv.benchmarks;

import dev.venv.benchmarks.RepositoryGenerator.Kind;
import dev.venv.benchmarks.RepositoryGenerator.Shape;
import dev.venv.env.Environments;
import dev.venv.model.ModelRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The first build of prod, {@code Environments.create(repository, "prod", "prod", null)} on a fresh
 * DuckDB file, against the same DDL without venv on another fresh file, paired in each invocation.
 * Budget (issue "Scale"): within 1.1× the plain DDL, for FULL and for VIEW models, at 1,000 and
 * 5,000 models.
 *
 * <ul>
 *   <li>venv ({@code venvNanos}): the create, then a {@code CHECKPOINT}. Outside the timing:
 *       generating and loading the repository (once per trial), and per invocation making the
 *       DuckDB file and opening it ({@code Engine.forUrl}, {@code Environments.open}, which makes
 *       venv's state schema) and checkpointing it, as a warehouse is opened once and built many
 *       times; and closing it.
 *   <li>raw ({@code rawNanos}): {@link PlainDdl#firstBuild} through plain DuckDB JDBC in one
 *       transaction: a {@code CREATE SCHEMA} per schema, per model in dependency order {@code
 *       CREATE TABLE schema.table AS <query>} (FULL) or {@code CREATE VIEW} (VIEW) with the model's
 *       query as written, and one {@code CREATE VIEW} per model as the environment's view, since
 *       venv makes a physical object <em>and</em> a view of it per model; then the commit and a
 *       {@code CHECKPOINT}.
 *   <li>raw objects alone ({@code rawObjectsNanos}), for the reader: the same transaction until the
 *       last object's DDL returned, without the views, the commit and the checkpoint.
 * </ul>
 *
 * <p>Each invocation alternates which side runs first. The repository is {@link
 * RepositoryGenerator#generate(Path, int, Kind, Shape)}'s: 1% FULL sources, then every other model
 * of {@code kind}. What runs by default: 100, 1,000 and 5,000 models, FULL and VIEW, deep (20
 * layers: tables built layer by layer, views binding their chain): the sizes the budget names, and
 * 100 for the chart. 10,000 models (about a minute an invocation pair, by the trend of 5,000's
 * 20–30 s) and {@code shape=shallow} are one {@code -p} away. Single shot, one warm-up invocation (a cold first one was seen at 1.5× where
 * the next were at 1.0×) and ten measured, a fork per combination: on a shared 2-core machine one
 * side of a pair took from 0.8× to 1.3× its median, so with three one slow invocation moved a ratio
 * by 0.15×, and with five a run's ratio still wandered by ±0.06 around its mean.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@State(Scope.Benchmark)
// JMH interrupts an iteration after 10 minutes by default; a slow machine should not cut a pair of
// first builds of 10,000 models (-p models=10000, about a minute) short.
@Timeout(time = 30, timeUnit = TimeUnit.MINUTES)
public class ScaleBuildBenchmark {
  @Param({"100", "1000", "5000"})
  public int models;

  @Param({"FULL", "VIEW"})
  public String kind;

  @Param("deep")
  public String shape;

  Path dir;
  ModelRepository repository;
  int invocation;
  boolean venvFirst;
  /** This invocation's two fresh files, each opened by its own side. */
  Path venvFile;
  Path plainFile;

  @Setup(Level.Trial)
  public void generate() throws Exception {
    dir = Files.createTempDirectory("venv-bench-first-build");
    RepositoryGenerator.Generated generated = RepositoryGenerator.generate(dir.resolve("repo"), models,
        Kind.of(kind), Shape.of(shape));
    repository = ModelRepository.load(generated.root());
  }

  /**
   * Two new folders, one for each side's DuckDB file. The files' names are not schema names: DuckDB
   * names a file's catalog after it, and a catalog {@code raw} would make the sources' {@code raw.x}
   * ambiguous.
   */
  @Setup(Level.Invocation)
  public void freshFolders() throws Exception {
    invocation++;
    venvFile = Files.createDirectories(dir.resolve("venv-" + invocation)).resolve("warehouse.duckdb");
    plainFile = Files.createDirectories(dir.resolve("plain-" + invocation)).resolve("plain.duckdb");
  }

  /**
   * Each side opens its file just before its timing and closes it just after: with both open for
   * the whole invocation, whichever side ran second took about 15% longer (the other's
   * just-built database still held its memory), which the alternation cancels on average but which
   * doubled the spread of the ratios.
   */
  @Benchmark
  public void firstBuild(FirstBuildSides sides) throws SQLException {
    venvFirst = !venvFirst;
    if (venvFirst) {
      sides.venvNanos += venv();
      raw(sides);
    } else {
      raw(sides);
      sides.venvNanos += venv();
    }
    sides.pairs++;
  }

  private long venv() throws SQLException {
    try (Environments environments = ScaleWarehouse.openEnvironments(venvFile);
        Connection c = environments.engine().open(); Statement s = c.createStatement()) {
      // Starts on a file with an empty log, as the plain side: the state schema's own log (opening
      // made it) is not the build's to checkpoint.
      s.execute("CHECKPOINT");
      long start = System.nanoTime();
      Environments.Created created = environments.create(repository, "prod", "prod", null);
      s.execute("CHECKPOINT");
      long nanos = System.nanoTime() - start;
      if (created.plan().builds().size() != models) {
        throw new IllegalStateException("the first build built " + created.plan().builds().size() + " of " + models
            + " models");
      }
      return nanos;
    }
  }

  private void raw(FirstBuildSides sides) throws SQLException {
    try (Connection plain = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:" + plainFile, new Properties());
        Statement s = plain.createStatement()) {
      long start = System.nanoTime();
      PlainDdl.FirstBuildTimes times = PlainDdl.firstBuild(plain, repository);
      s.execute("CHECKPOINT");
      sides.rawNanos += System.nanoTime() - start;
      sides.rawObjectsNanos += times.objectsNanos();
    }
  }

  @TearDown(Level.Invocation)
  public void deleteDatabases() {
    TempFiles.deleteTree(venvFile.getParent());
    TempFiles.deleteTree(plainFile.getParent());
  }

  @TearDown(Level.Trial)
  public void delete() {
    TempFiles.deleteTree(dir);
  }
}
