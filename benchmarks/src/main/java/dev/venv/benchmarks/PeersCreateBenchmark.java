package dev.venv.benchmarks;

import dev.venv.benchmarks.RepositoryGenerator.Kind;
import dev.venv.benchmarks.RepositoryGenerator.Shape;
import dev.venv.engine.Engine;
import dev.venv.env.BuildProgress;
import dev.venv.env.Environments;
import dev.venv.model.ModelRepository;
import dev.venv.sql.SqlDialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
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
 * Creating an environment with venv against what teams do without virtual environments: the full
 * copy, every model rebuilt into schemas of its own with {@code CREATE TABLE ... AS}, parents
 * first, each reading the copy's own parents ({@link PlainDdl#fullCopy}), one statement (and, in
 * auto-commit, one transaction) per model as a dbt run does. In seconds and in bytes the database's
 * data grew by ({@link #bytes()}). Acceptance (issue 11): at 1,000 models and 1% changed, venv takes at most 1/20
 * of the full copy's time and adds at most 1/20 of its bytes.
 *
 * <p>A trial: a fresh DuckDB file or PostgreSQL database ({@link FreshPostgres}) whose prod venv
 * builds from a generated repository of {@code models} FULL models, 20 layers deep, over sources of
 * {@code rows} rows, and a copy of
 * that repository whose last {@code changedPercent}% of models get a new literal before each
 * invocation ({@link RepositoryGenerator.Generated#changeLast}: every model that reads a changed
 * one is changed too, so venv builds exactly that many). Each invocation, paired, alternating
 * which goes first: venv {@code Environments.create} of a new environment from prod, and the full
 * copy of the changed repository. Each leaves its objects behind. Single shot, one warm-up and
 * three measured invocations; a fork per parameter set.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Timeout(time = 30, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class PeersCreateBenchmark {
  @Param({"duckdb", "postgresql"})
  public String backend;

  @Param({"100", "1000", "5000"})
  public int models;

  @Param({"0", "1", "10"})
  public int changedPercent;

  /**
   * Rows in each source (and so at most in every model). A warehouse's tables hold more than the
   * scale benchmarks' 100 rows, and what a full copy costs is copying them: 100,000 rows make a
   * FULL model of the first layers cost what a small table costs, while windows and roll-ups
   * further down keep tens of rows, as real marts do.
   */
  @Param("100000")
  public int rows;

  Path dir;
  FreshPostgres database;
  Path duckDbFile;
  SqlDialect dialect;
  Environments environments;
  RepositoryGenerator.Generated copy;
  ModelRepository repository;
  List<String> changed = List.of();
  List<String> copyDdl;
  long marker;
  int next;
  boolean venvFirst;

  @Setup(Level.Trial)
  public void open() throws Exception {
    dir = Files.createTempDirectory("venv-bench-peers-create");
    try {
      boolean postgres = switch (backend) {
        case "duckdb" -> false;
        case "postgresql" -> true;
        default -> throw new IllegalArgumentException("backend is duckdb or postgresql, not " + backend);
      };
      dialect = postgres ? SqlDialect.POSTGRES : SqlDialect.DUCKDB;
      RepositoryGenerator.Generated prod = RepositoryGenerator.generate(dir.resolve("prod"), models, Kind.FULL,
          Shape.DEEP, dialect, rows);
      copy = RepositoryGenerator.generate(dir.resolve("copy"), models, Kind.FULL, Shape.DEEP, dialect, rows);
      String url;
      Properties properties = new Properties();
      if (postgres) {
        database = FreshPostgres.create();
        url = database.url();
        properties = FreshPostgres.credentials();
      } else {
        duckDbFile = dir.resolve("warehouse.duckdb");
        url = "jdbc:duckdb:" + duckDbFile;
      }
      environments = Environments.open(Engine.forUrl(url, properties), BuildProgress.silent(),
          Environments.DEFAULT_LOCK_TIMEOUT);
      long start = System.nanoTime();
      environments.create(ModelRepository.load(prod.root()), "prod", "prod", null);
      System.err.printf(Locale.ROOT, "peers: prod of %d models built on %s in %.0f s%n", models, backend,
          (System.nanoTime() - start) / 1e9);
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /** Outside the timing: the changed repository, loaded, and its full copy's DDL. */
  @Setup(Level.Invocation)
  public void change() throws Exception {
    int count = models * changedPercent / 100;
    changed = count == 0 ? List.of() : copy.changeLast(count, ++marker);
    repository = ModelRepository.load(copy.root());
    copyDdl = PlainDdl.fullCopy(repository, "copy_" + next, dialect);
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException {
    try {
      if (environments != null) {
        environments.close();
      }
    } finally {
      try {
        if (database != null) {
          database.close();
        }
      } finally {
        TempFiles.deleteTree(dir);
      }
    }
  }

  @Benchmark
  public void createEnvironment(CopySides sides) throws SQLException {
    int n = next++;
    venvFirst = !venvFirst;
    if (venvFirst) {
      venv(n, sides);
      fullCopy(sides);
    } else {
      fullCopy(sides);
      venv(n, sides);
    }
    sides.pairs++;
  }

  private void venv(int n, CopySides sides) throws SQLException {
    long before = bytes();
    long start = System.nanoTime();
    Environments.Created created = environments.create(repository, "dev_" + n, "prod", null);
    sides.venvNanos += System.nanoTime() - start;
    sides.venvBytes += bytes() - before;
    if (created.plan().builds().size() != changed.size()) {
      throw new IllegalStateException("venv built " + created.plan().builds().size() + " objects, expected "
          + changed.size());
    }
  }

  private void fullCopy(CopySides sides) throws SQLException {
    long before = bytes();
    long start = System.nanoTime();
    try (Connection c = environments.engine().open(); Statement s = c.createStatement()) {
      for (String ddl : copyDdl) {
        s.execute(ddl);
      }
    }
    sides.copyNanos += System.nanoTime() - start;
    sides.copyBytes += bytes() - before;
  }

  /**
   * What the database holds: PostgreSQL's {@code pg_database_size}; DuckDB's blocks in use after a
   * {@code CHECKPOINT} ({@code PRAGMA database_size}). Not DuckDB's file size: a checkpoint writes
   * the whole catalog anew and frees the old one only when it completes, so the file's high-water
   * mark grows with every object of the database, whoever checkpoints, and later writes fill the
   * freed blocks.
   */
  private long bytes() throws SQLException {
    try (Connection c = environments.engine().open(); Statement s = c.createStatement()) {
      if (database != null) {
        try (ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
          rs.next();
          return rs.getLong(1);
        }
      }
      s.execute("CHECKPOINT");
      try (ResultSet rs = s.executeQuery("SELECT used_blocks * block_size FROM pragma_database_size()"
          + " WHERE database_name = current_database()")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
