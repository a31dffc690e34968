package dev.venv.benchmarks;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 * An indexed point query through the driver against the same query on the same physical table
 * through raw DuckDB JDBC, on one DuckDB instance in one JVM. Budgets: a reused prepared
 * statement ≤ 1.03 × raw; a plain statement with a new text each time ≤ 1.10 × raw.
 *
 * <ul>
 *   <li>{@code prepared}: {@code SELECT v, s FROM bench.points WHERE id = ?} prepared once through
 *       {@code jdbc:venv:prod:}, and the text venv sends (on the physical table) prepared once on
 *       the raw connection; each executed with the invocation's id.
 *   <li>{@code newText}: one plain {@code Statement} per side, executing {@code ... WHERE id = <n>}
 *       with the invocation's id as the literal, so venv's routed-text cache misses every time (the
 *       text is classified, rewritten and cached); the raw side runs the text venv would send.
 * </ul>
 *
 * <p>Paired: a budget of 3% is below the noise between two forks (and two moments) on a shared
 * machine, so each invocation runs one query on each side, in alternating order, and times each
 * one. The score is the time of the pair; the {@link PairedSides} counters hold each side's time, from
 * which {@link RunBenchmarks} computes per-iteration ratios. Both sides look up the same ids in the
 * same order, one fixed shuffle of {@code 0 .. rows-1} (so a new text is never a repeat).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class PointQueryBenchmark {
  @Param("1000000")
  public int rows;

  DriverWarehouse warehouse;
  PreparedStatement preparedVenv;
  PreparedStatement preparedRaw;
  Statement plainVenv;
  Statement plainRaw;
  String venvPrefix;
  String rawPrefix;
  int[] ids;
  int next;
  boolean venvFirst;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    warehouse = DriverWarehouse.create(rows, true);
    try {
      prepare();
    } catch (Exception e) {
      warehouse.close(); // JMH does not tear down after a failed setup; leave no database behind
      warehouse = null;
      throw e;
    }
  }

  private void prepare() throws SQLException {
    // The raw side sends DuckDB exactly the text venv sends (the router may add an alias to keep
    // qualified column references valid): the comparison is of two routes to one query.
    String venvSql = "SELECT v, s FROM " + DriverWarehouse.POINTS + " WHERE id = ?";
    String rawSql = routedOnPhysical(venvSql);
    preparedVenv = warehouse.venv().prepareStatement(venvSql);
    preparedRaw = warehouse.raw().prepareStatement(rawSql);
    plainVenv = warehouse.venv().createStatement();
    plainRaw = warehouse.raw().createStatement();
    venvPrefix = "SELECT v, s FROM " + DriverWarehouse.POINTS + " WHERE id = ";
    String routedPrefix = routedOnPhysical(venvPrefix + "0");
    rawPrefix = routedPrefix.substring(0, routedPrefix.length() - 1);
    ids = DriverWarehouse.shuffledIds(rows);
    checkIndexUsed();
  }

  /** The text venv sends for {@code sql}, checked to name the physical table and end as it does. */
  private String routedOnPhysical(String sql) throws SQLException {
    String routed = warehouse.venv().nativeSQL(sql);
    if (!routed.contains(warehouse.physical(DriverWarehouse.POINTS) + " ") || routed.charAt(routed.length() - 1)
        != sql.charAt(sql.length() - 1) || routed.contains(DriverWarehouse.POINTS)) {
      throw new IllegalStateException("venv routes " + sql + " to " + routed);
    }
    return routed;
  }

  /**
   * A point query that scans the table would measure DuckDB's scan, not venv's share of a lookup.
   * DuckDB picks the index when the scan starts, so only {@code EXPLAIN ANALYZE} shows it.
   */
  private void checkIndexUsed() throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (Statement s = warehouse.raw().createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN ANALYZE " + rawPrefix + "42")) {
      while (rs.next()) {
        plan.append(rs.getString(2));
      }
    }
    if (!plan.toString().contains("Index Scan")) {
      throw new IllegalStateException("the point query does not use the index:\n" + plan);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (warehouse != null) {
      warehouse.close();
    }
  }

  private int nextId() {
    int id = ids[next];
    next = next + 1 == ids.length ? 0 : next + 1;
    return id;
  }

  @Benchmark
  public void prepared(PairedSides sides, Blackhole bh) throws SQLException {
    int id = nextId();
    venvFirst = !venvFirst;
    sides.pair(venvFirst, () -> execute(preparedVenv, id, bh), () -> execute(preparedRaw, id, bh));
  }

  @Benchmark
  public void newText(PairedSides sides, Blackhole bh) throws SQLException {
    int id = nextId();
    venvFirst = !venvFirst;
    sides.pair(venvFirst, () -> execute(plainVenv, venvPrefix, id, bh), () -> execute(plainRaw, rawPrefix, id, bh));
  }

  private static long execute(PreparedStatement ps, int id, Blackhole bh) throws SQLException {
    long start = System.nanoTime();
    ps.setLong(1, id);
    try (ResultSet rs = ps.executeQuery()) {
      read(rs, bh);
    }
    return System.nanoTime() - start;
  }

  /** Building the text is the client's work, the same on both sides: outside the timing. */
  private static long execute(Statement statement, String prefix, int id, Blackhole bh) throws SQLException {
    String sql = prefix + id;
    long start = System.nanoTime();
    try (ResultSet rs = statement.executeQuery(sql)) {
      read(rs, bh);
    }
    return System.nanoTime() - start;
  }

  private static void read(ResultSet rs, Blackhole bh) throws SQLException {
    if (!rs.next()) {
      throw new IllegalStateException("no row");
    }
    bh.consume(rs.getLong(1));
    bh.consume(rs.getString(2));
  }
}
