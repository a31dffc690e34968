package dev.venv.benchmarks;

import dev.venv.benchmarks.PeerConnections.Side;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.util.List;
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
 * An indexed point query on PostgreSQL through venv and through the JDBC proxies a user would
 * otherwise put in the same place, each against raw pgjdbc, in one fork ({@link PeerConnections}:
 * raw, venv, P6Spy interception only, ShardingSphere-JDBC rewriting a logical table to an actual
 * one). Budget (issue 11): a plain statement with a new text each time, venv ≤ 1.03 × raw.
 *
 * <ul>
 *   <li>{@code prepared}: a {@code PreparedStatement} per side, prepared once, executed with the
 *       round's id.
 *   <li>{@code plainText}: a plain {@code Statement} per side, the same text every time (venv's
 *       routed-text cache and ShardingSphere's parse cache hit).
 *   <li>{@code newText}: a plain {@code Statement} per side, {@code ... WHERE id = <n>} with the
 *       round's id as the literal, so every text is new: venv classifies and rewrites it,
 *       ShardingSphere parses it (the routing miss path). Building the text is outside the timing.
 * </ul>
 *
 * <p>Paired, as {@link PointQueryBenchmark}: each invocation is a round of one query per side, in
 * each of the sides' orders in turn (every permutation: each side goes first, and follows each
 * other side, as often as any other — a fixed cycle made raw follow ShardingSphere-JDBC, and pay for
 * its 46 KB of garbage per query, in three rounds of four), each timed with {@code System.nanoTime} and its allocation read
 * from the thread's allocated-bytes counter (what {@code -prof gc} reads) into {@link PeerSides};
 * {@link PeersReport} turns them into µs and bytes per query and ratios to raw per iteration.
 * {@link PeersQuerySideBenchmark} runs one side per fork instead, for {@code -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class PeersQueryBenchmark {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Param("100000")
  public int rows;

  PeerConnections connections;
  List<Side> sides;
  int[] ids;
  int next;
  /** Every order of the sides, taken in turn, one a round. */
  List<int[]> orders;
  int round;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    connections = PeerConnections.open(rows);
    sides = connections.sides();
    ids = DriverWarehouse.shuffledIds(rows);
    orders = permutations(sides.size());
  }

  /** Every order of {@code 0 … n-1}. */
  static List<int[]> permutations(int n) {
    List<int[]> out = new java.util.ArrayList<>();
    permute(new int[n], new boolean[n], 0, out);
    return out;
  }

  private static void permute(int[] order, boolean[] used, int at, List<int[]> out) {
    if (at == order.length) {
      out.add(order.clone());
      return;
    }
    for (int side = 0; side < order.length; side++) {
      if (!used[side]) {
        used[side] = true;
        order[at] = side;
        permute(order, used, at + 1, out);
        used[side] = false;
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (connections != null) {
      connections.close();
    }
  }

  int nextId() {
    int id = ids[next];
    next = next + 1 == ids.length ? 0 : next + 1;
    return id;
  }

  /** What one side does in a round, given the round's id and the side's text for it. */
  private interface Query {
    void run(Side side, int id, String text, Blackhole bh) throws SQLException;
  }

  /**
   * One query per side, in the next of the sides' orders. With {@code newText} each side's
   * text is its prefix and the round's id, built before its timing and allocation count start (the
   * client's work, the same on every side); otherwise its fixed text.
   */
  private void round(PeerSides counters, Blackhole bh, boolean newText, Query query) throws SQLException {
    int id = nextId();
    int[] order = orders.get(round);
    round = (round + 1) % orders.size();
    for (int i : order) {
      Side side = sides.get(i);
      String text = newText ? side.prefix + id : side.fixedText;
      long bytes = THREADS.getCurrentThreadAllocatedBytes();
      long cpu = THREADS.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      query.run(side, id, text, bh);
      long nanos = System.nanoTime() - start;
      counters.add(side.peer, nanos, THREADS.getCurrentThreadCpuTime() - cpu,
          THREADS.getCurrentThreadAllocatedBytes() - bytes);
    }
    counters.pairs++;
  }

  @Benchmark
  public void prepared(PeerSides counters, Blackhole bh) throws SQLException {
    round(counters, bh, false, (side, id, text, b) -> side.prepared(id, b));
  }

  @Benchmark
  public void plainText(PeerSides counters, Blackhole bh) throws SQLException {
    round(counters, bh, false, (side, id, text, b) -> side.plain(text, b));
  }

  @Benchmark
  public void newText(PeerSides counters, Blackhole bh) throws SQLException {
    round(counters, bh, true, (side, id, text, b) -> side.plain(text, b));
  }
}
