package dev.venv.benchmarks;

/**
 * A mean over iterations and the half-width of its 99.9% confidence interval, as JMH computes
 * its error; the half-width is NaN for a single iteration.
 */
record Estimate(double mean, double error) {
  static Estimate of(double[] values) {
    double mean = 0;
    for (double v : values) {
      mean += v / values.length;
    }
    if (values.length < 2) {
      return new Estimate(mean, Double.NaN);
    }
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(squares / (values.length - 1));
    double t = new org.apache.commons.math3.distribution.TDistribution(values.length - 1)
        .inverseCumulativeProbability(1 - 0.001 / 2);
    return new Estimate(mean, t * sd / Math.sqrt(values.length));
  }

  /** The same estimate in another unit: {@code factor} times both numbers. */
  Estimate times(double factor) {
    return new Estimate(mean * factor, error * factor);
  }

  /**
   * The paired figures' means are in µs: {@code 365 ± 70.5 µs}; from 10 ms on, in ms ({@code 6,728 ±
   * 3,580 ms}), which a reader takes in at a glance.
   */
  @Override
  public String toString() {
    boolean millis = Math.abs(mean) >= 10_000;
    double scale = millis ? 1e-3 : 1;
    String unit = millis ? " ms" : " µs";
    return Double.isNaN(error) ? RunBenchmarks.number(mean * scale) + unit
        : RunBenchmarks.number(mean * scale) + " ± " + RunBenchmarks.number(error * scale) + unit;
  }
}
