package dev.venv.benchmarks;

import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link ScaleEnvironmentBenchmark} against the number of models: 100, 1,000, 5,000 and 10,000
 * FULL models in 20 layers (deep), prod alone in the warehouse. FULL, so that the 1% change builds
 * tables; deep, the harder shape for views over views. The sizes the budgets name, and 100 for the
 * chart.
 *
 * <p>Creates: one warm-up and ten measured invocations (with four, one slow invocation of either
 * side moved a ratio by 0.2×; a pair of creates of 10,000 models takes about 6 s).
 */
@Warmup(iterations = 1)
@Measurement(iterations = 10)
public class ScaleByModelsBenchmark extends ScaleEnvironmentBenchmark {
  @Param({"100", "1000", "5000", "10000"})
  public int models;

  @Param("1")
  public int environments;

  @Param("FULL")
  public String kind;

  @Param("deep")
  public String shape;

  @Override
  int models() {
    return models;
  }

  @Override
  int environments() {
    return environments;
  }

  @Override
  String kind() {
    return kind;
  }

  @Override
  String shape() {
    return shape;
  }
}
