package dev.venv.benchmarks;

import org.openjdk.jmh.annotations.Param;

/**
 * {@link ScaleEnvironmentBenchmark} against the number of environments: prod alone, prod and 9
 * others, prod and 99 others, of 1,000 FULL deep models (100 environments of 10,000 models would
 * take an hour to set up, and views are views whatever their number: 1,000 models show the trend).
 */
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
