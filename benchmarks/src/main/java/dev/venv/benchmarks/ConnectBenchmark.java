package dev.venv.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Connecting to an existing environment, and closing the connection, against a raw DuckDB
 * connect and close to the same file. Budget: ≤ 2 ms over the raw connect.
 *
 * <ul>
 *   <li>{@code venv}: {@code DriverManager.getConnection("jdbc:venv:prod:duckdb:<file>")}, then
 *       close: the URL parsed, the shared database looked up, the state version read, the cached
 *       route reused, a backend connection opened and wrapped.
 *   <li>{@code raw}: {@code DuckDBDriver.connect("jdbc:duckdb:<file>")}, then close.
 * </ul>
 *
 * <p>In both, the venv connection that created prod and one raw connection stay open the whole
 * trial, so the DuckDB instance stays open and cached, as in an application.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class ConnectBenchmark {
  DriverWarehouse warehouse;
  String venvUrl;
  String rawUrl;
  org.duckdb.DuckDBDriver duckdb;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    warehouse = DriverWarehouse.create(1_000, false);
    venvUrl = "jdbc:venv:prod:duckdb:" + warehouse.file();
    rawUrl = "jdbc:duckdb:" + warehouse.file();
    duckdb = new org.duckdb.DuckDBDriver();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (warehouse != null) {
      warehouse.close();
    }
  }

  @Benchmark
  public Connection venv() throws SQLException {
    Connection c = DriverManager.getConnection(venvUrl);
    c.close();
    return c;
  }

  @Benchmark
  public Connection raw() throws SQLException {
    Connection c = duckdb.connect(rawUrl, new Properties());
    c.close();
    return c;
  }
}
