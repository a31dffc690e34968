package dev.venv.benchmarks;

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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under {@code create} with no changes: the same number of views created straight
 * through DuckDB's JDBC driver, in one transaction, in a new schema each time
 * ({@code CREATE VIEW s_n.v_i AS SELECT * FROM t}).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 15)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class RawViewDdlBenchmark {
  @Param("1000")
  public int views;

  Path dir;
  Connection connection;
  int next;

  @Setup(Level.Trial)
  public void open() throws Exception {
    dir = Files.createTempDirectory("venv-bench-raw");
    connection = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:" + dir.resolve("raw.duckdb"), new Properties());
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE t AS SELECT range AS id FROM range(100)");
    }
    connection.setAutoCommit(false);
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException {
    connection.close();
    TempFiles.deleteTree(dir);
  }

  @Benchmark
  public int createViews() throws SQLException {
    String schema = "s_" + next++;
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
      for (int i = 0; i < views; i++) {
        s.execute("CREATE VIEW " + schema + ".v_" + i + " AS SELECT * FROM t");
      }
    }
    connection.commit();
    return views;
  }
}
