package dev.venv.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The two sides of a paired benchmark, per iteration: the time venv took, the time the same work
 * took without venv, and how many pairs ran. {@link RunBenchmarks} turns them into each side's
 * time per pair and the ratio venv / raw per iteration ({@link Paired}); the JMH score is the time
 * of the whole invocation, both sides and what lies between them.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class PairedSides {
  public long venvNanos;
  public long rawNanos;
  public long pairs;

  @Setup(Level.Iteration)
  public void reset() {
    venvNanos = 0;
    rawNanos = 0;
    pairs = 0;
  }

  /** One side's query, returning the nanoseconds it took. */
  @FunctionalInterface
  interface TimedQuery {
    long run() throws java.sql.SQLException;
  }

  /**
   * One pair: each side once, venv first when {@code venvFirst} (callers alternate it, so that
   * neither side always meets a warm or a cold backend), each side's time added to its counter.
   */
  void pair(boolean venvFirst, TimedQuery venv, TimedQuery raw) throws java.sql.SQLException {
    if (venvFirst) {
      venvNanos += venv.run();
      rawNanos += raw.run();
    } else {
      rawNanos += raw.run();
      venvNanos += venv.run();
    }
    pairs++;
  }
}
