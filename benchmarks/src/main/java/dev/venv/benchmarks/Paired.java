package dev.venv.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * A paired benchmark's two sides ({@link PairedSides}: counters {@code venvNanos}, {@code rawNanos},
 * {@code pairs}), per iteration: each side's µs per pair and the ratio venv / raw, each a mean
 * over iterations.
 */
record Paired(Estimate venv, Estimate raw, Estimate ratio) {

  /** venv against {@code rawNanos}; {@code null} when the run is not a paired one. */
  static Paired of(RunResult run) {
    return of(run, "rawNanos");
  }

  /** venv against the raw side counted in {@code rawCounter}; {@code null} when the run lacks either. */
  static Paired of(RunResult run, String rawCounter) {
    double[] venv = perPair(run, "venvNanos");
    double[] raw = perPair(run, rawCounter);
    if (venv == null || raw == null) {
      return null;
    }
    double[] ratio = new double[venv.length];
    for (int i = 0; i < venv.length; i++) {
      ratio[i] = venv[i] / raw[i];
    }
    return new Paired(Estimate.of(micros(venv)), Estimate.of(micros(raw)), Estimate.of(ratio));
  }

  /**
   * The counter's nanoseconds per pair, one value per measured iteration; {@code null} when the run
   * has no such counter, or an iteration ran no pair.
   */
  static double[] perPair(RunResult run, String counter) {
    List<Double> values = new ArrayList<>();
    for (BenchmarkResult benchmark : run.getBenchmarkResults()) {
      for (IterationResult iteration : benchmark.getIterationResults()) {
        Map<String, Result> counters = iteration.getSecondaryResults();
        Result nanos = counters.get(counter);
        Result pairs = counters.get("pairs");
        if (nanos == null || pairs == null || pairs.getScore() == 0) {
          return null;
        }
        values.add(nanos.getScore() / pairs.getScore());
      }
    }
    return values.isEmpty() ? null : values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double[] micros(double[] nanos) {
    double[] micros = new double[nanos.length];
    for (int i = 0; i < nanos.length; i++) {
      micros[i] = nanos[i] / 1000;
    }
    return micros;
  }
}
