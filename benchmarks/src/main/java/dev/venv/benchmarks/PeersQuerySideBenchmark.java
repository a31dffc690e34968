package dev.venv.benchmarks;

import dev.venv.benchmarks.PeerConnections.Peer;
import dev.venv.benchmarks.PeerConnections.Side;
import java.sql.SQLException;
import java.util.Locale;
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
 * {@link PeersQueryBenchmark}'s queries one side at a time ({@code side}: raw, venv, p6spy,
 * shardingsphere), each in a fork of its own, so that JMH's {@code -prof gc} reports one side's
 * allocation per query ({@code gc.alloc.rate.norm}): {@code benchmarks/run PeersQuerySide -prof gc}.
 * Its times come from separate forks, so the paired benchmark's ratios are the ones to compare;
 * the newText text is built inside the operation here (a few dozen bytes, the same on every side).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class PeersQuerySideBenchmark {
  @Param("100000")
  public int rows;

  @Param({"raw", "venv", "p6spy", "shardingsphere"})
  public String side;

  PeerConnections connections;
  Side chosen;
  int[] ids;
  int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Peer peer = Peer.valueOf(side.toUpperCase(Locale.ROOT));
    connections = PeerConnections.open(rows);
    chosen = connections.sides().get(peer.ordinal());
    ids = DriverWarehouse.shuffledIds(rows);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (connections != null) {
      connections.close();
    }
  }

  private int nextId() {
    int id = ids[next];
    next = next + 1 == ids.length ? 0 : next + 1;
    return id;
  }

  @Benchmark
  public void prepared(Blackhole bh) throws SQLException {
    chosen.prepared(nextId(), bh);
  }

  @Benchmark
  public void plainText(Blackhole bh) throws SQLException {
    chosen.plain(chosen.fixedText, bh);
  }

  @Benchmark
  public void newText(Blackhole bh) throws SQLException {
    chosen.plain(chosen.prefix + nextId(), bh);
  }
}
