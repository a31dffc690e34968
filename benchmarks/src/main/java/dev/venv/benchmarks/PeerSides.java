package dev.venv.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link PeersQueryBenchmark}'s four sides, per iteration: each one's time ({@code <peer>Nanos}),
 * the CPU time its thread used ({@code <peer>CpuNanos}: the client's own work, without the wait for
 * the server, which is the same for every side) and the bytes its thread allocated
 * ({@code <peer>Bytes}) for its queries, and how many rounds of one query per side ran
 * ({@code pairs}, the name {@link Paired} reads).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class PeerSides {
  public long rawNanos;
  public long venvNanos;
  public long p6spyNanos;
  public long shardingsphereNanos;
  public long rawCpuNanos;
  public long venvCpuNanos;
  public long p6spyCpuNanos;
  public long shardingsphereCpuNanos;
  public long rawBytes;
  public long venvBytes;
  public long p6spyBytes;
  public long shardingsphereBytes;
  public long pairs;

  @Setup(Level.Iteration)
  public void reset() {
    rawNanos = 0;
    venvNanos = 0;
    p6spyNanos = 0;
    shardingsphereNanos = 0;
    rawCpuNanos = 0;
    venvCpuNanos = 0;
    p6spyCpuNanos = 0;
    shardingsphereCpuNanos = 0;
    rawBytes = 0;
    venvBytes = 0;
    p6spyBytes = 0;
    shardingsphereBytes = 0;
    pairs = 0;
  }

  void add(PeerConnections.Peer peer, long nanos, long cpuNanos, long bytes) {
    switch (peer) {
      case RAW -> {
        rawNanos += nanos;
        rawCpuNanos += cpuNanos;
        rawBytes += bytes;
      }
      case VENV -> {
        venvNanos += nanos;
        venvCpuNanos += cpuNanos;
        venvBytes += bytes;
      }
      case P6SPY -> {
        p6spyNanos += nanos;
        p6spyCpuNanos += cpuNanos;
        p6spyBytes += bytes;
      }
      case SHARDINGSPHERE -> {
        shardingsphereNanos += nanos;
        shardingsphereCpuNanos += cpuNanos;
        shardingsphereBytes += bytes;
      }
    }
  }
}
