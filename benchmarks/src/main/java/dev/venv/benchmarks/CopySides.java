package dev.venv.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link PeersCreateBenchmark}'s two sides, per iteration: venv's create and the full copy, each
 * in time ({@code venvNanos}, {@code copyNanos}) and in bytes the database grew by ({@code
 * venvBytes}, {@code copyBytes}), and how many pairs ran ({@code pairs}, as {@link Paired} reads
 * it).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CopySides {
  public long venvNanos;
  public long copyNanos;
  public long venvBytes;
  public long copyBytes;
  public long pairs;

  @Setup(Level.Iteration)
  public void reset() {
    venvNanos = 0;
    copyNanos = 0;
    venvBytes = 0;
    copyBytes = 0;
    pairs = 0;
  }
}
