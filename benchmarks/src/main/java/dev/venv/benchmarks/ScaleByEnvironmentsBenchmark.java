package dev.venv.benchmarks;

import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link ScaleEnvironmentBenchmark} against the number of environments: prod alone, prod and 9
 * others, prod and 99 others, of 1,000 FULL deep models (100 environments of 10,000 models would
 * take an hour to set up, and views are views whatever their number: 1,000 models show the trend).
 *
 * <p>Creates: three warm-up and twenty measured invocations, more than {@link
 * ScaleByModelsBenchmark}'s since its budget is the ratio of two forks' ratios: with ten, the ratio
 * of a 1% change at 1,000 models moved from 1.16× to 1.34× to 1.29× across 1, 10 and 100
 * environments, one pair ranging from 0.7× to 2.7×, and the first measured ones still ran the
 * change analysis before the JIT had compiled it (40–90 ms, then 16 ms).
 */
@Warmup(iterations = 3)
@Measurement(iterations = 20)
public class ScaleByEnvironmentsBenchmark extends ScaleEnvironmentBenchmark {
  @Param("1000")
  public int models;

  @Param({"1", "10", "100"})
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
