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
import java.sql.PreparedStatement;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * A point query on Trino through the driver against the same query through raw trino-jdbc, on the
 * cluster {@code examples/trino/start} runs (issue "Trino": the prepared point query ≤ 1.03× raw
 * trino-jdbc). Needs the cluster ({@code VENV_TRINO_URL}, default {@code
 * jdbc:trino://127.0.0.1:18080/iceberg}) and the local PostgreSQL for the state ({@code VENV_PG_*}).
 *
 * <p>Setup makes a fresh state database (and lets it take the catalog: it drops the catalog's
 * record of the state database that held it, {@code venv_claim.state}) and prod of one FULL model, {@code <run>_bench.points}
 * ({@code rows} rows of {@code id, v, s} on Iceberg), as venv's owner user {@code venv}. Both sides
 * then connect as the client user {@code analyst}: venv through {@code jdbc:venv:prod:trino://…}, raw
 * through trino-jdbc sending the text venv sends (on the physical table), so the comparison is of two
 * routes to one query. A query takes milliseconds on Trino (planning, scheduling on the worker), so
 * venv's microseconds are far below the noise of one query: the sides are paired in each invocation,
 * alternating which goes first, as in {@link PointQueryBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 10, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Benchmark)
public class TrinoPointQueryBenchmark {
  @Param("1000")
  public int rows;

  FreshPostgres state;
  String prefix;
  Connection venv;
  Connection raw;
  PreparedStatement preparedVenv;
  PreparedStatement preparedRaw;
  int next;
  boolean venvFirst;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    prefix = "b" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    state = FreshPostgres.create();
    try {
      TrinoBench.releaseClaim(); // a warehouse admits one state database: this trial's fresh one takes the catalog
      createProd();
      String stateOptions = "state=" + state.url().substring("jdbc:".length()) + "&state_user=" + FreshPostgres.USER
          + "&state_password=" + FreshPostgres.PASSWORD;
      venv = new dev.venv.jdbc.VenvDriver().connect("jdbc:venv:prod:" + TrinoBench.URL.substring("jdbc:".length())
          + "?user=analyst&" + stateOptions, new Properties());
      raw = TrinoBench.connect("analyst");
      String sql = "SELECT v, s FROM " + prefix + "_bench.points WHERE id = ?";
      String routed = venv.nativeSQL(sql);
      if (routed.contains(prefix + "_bench.points") || !routed.contains("venv__")) {
        throw new IllegalStateException("venv routes " + sql + " to " + routed);
      }
      preparedVenv = venv.prepareStatement(sql);
      preparedRaw = raw.prepareStatement(routed);
    } catch (Exception | Error e) {
      tearDown(); // JMH does not tear down after a failed setup
      throw e;
    }
  }

  private void createProd() throws Exception {
    Path dir = Files.createTempDirectory("venv-bench-trino");
    try {
      Path model = dir.resolve("models/bench/points.sql");
      Files.createDirectories(model.getParent());
      Files.writeString(model, "MODEL (name " + prefix + "_bench.points, kind FULL, grain id);\n"
          + "SELECT CAST(x AS BIGINT) AS id, x * 2 AS v, CAST(x AS VARCHAR) AS s"
          + " FROM UNNEST(sequence(1, " + rows + ")) AS t(x)\n");
      Properties owner = new Properties();
      owner.setProperty("user", "venv");
      StateLocation location = StateLocation.parse(state.url().substring("jdbc:".length()), FreshPostgres.USER,
          FreshPostgres.PASSWORD);
      try (Environments environments = Environments.open(Engine.forUrl(TrinoBench.URL, owner, null, location),
          BuildProgress.silent(), Duration.ofMinutes(5))) {
        environments.create(ModelRepository.load(dir.resolve("models")), "prod", "prod", null);
      }
    } finally {
      TempFiles.deleteTree(dir);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {preparedVenv, preparedRaw, venv, raw}) {
      if (c != null) {
        c.close();
      }
    }
    if (prefix != null) {
      TrinoBench.dropObjectsOf(prefix);
    }
    if (state != null) {
      state.close();
    }
  }

  @Benchmark
  public void prepared(PairedSides sides, Blackhole bh) throws SQLException {
    int id = 1 + next;
    next = (next + 7) % rows;
    venvFirst = !venvFirst;
    sides.pair(venvFirst, () -> execute(preparedVenv, id, bh), () -> execute(preparedRaw, id, bh));
  }

  private static long execute(PreparedStatement ps, int id, Blackhole bh) throws SQLException {
    long start = System.nanoTime();
    ps.setLong(1, id);
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException("no row " + id);
      }
      bh.consume(rs.getLong(1));
      bh.consume(rs.getString(2));
    }
    return System.nanoTime() - start;
  }
}
