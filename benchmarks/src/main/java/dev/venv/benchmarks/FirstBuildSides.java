package dev.venv.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link PairedSides} of a first build, with the raw side's objects alone as a second baseline:
 * {@code rawNanos} is the whole plain DDL (objects, environment views, commit), {@code
 * rawObjectsNanos} the part of it until the last object's DDL returned.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class FirstBuildSides {
  public long venvNanos;
  public long rawNanos;
  public long rawObjectsNanos;
  public long pairs;

  @Setup(Level.Iteration)
  public void reset() {
    venvNanos = 0;
    rawNanos = 0;
    rawObjectsNanos = 0;
    pairs = 0;
  }
}
