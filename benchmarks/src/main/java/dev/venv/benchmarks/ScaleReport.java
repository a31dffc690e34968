package dev.venv.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * The "Scale" section of {@code BENCHMARKS.md} and its two charts, from whichever scale benchmarks
 * ran ({@link ScaleBuildBenchmark}, {@link ScaleByModelsBenchmark}, {@link
 * ScaleByEnvironmentsBenchmark}): each venv figure beside its raw baseline from the same
 * invocations, the ratio, the budget of issue "Scale" where it names one for those parameters, and
 * whether it was met. Figures are means over measured iterations ± the 99.9% confidence half-width;
 * a paired figure's ratio is the mean of the per-iteration ratios.
 */
final class ScaleReport {
  private static final String PACKAGE = "dev.venv.benchmarks.";
  private static final double FIRST_BUILD_RATIO = 1.1;
  private static final double NEW_ENVIRONMENT_RATIO = 1.3;
  private static final double NO_OP_MS = 10;
  private static final double CONNECT_OVER_RAW_MS = 0.3;
  /**
   * "Does not grow with the number of environments": venv's create at 100 environments within this
   * × its create at 1, each over its own DDL (venv's cost beyond the backend's DDL does not grow).
   */
  private static final double GROWTH_RATIO = 1.1;
  /** The header of the tables of figures; a row is named by its first four cells (what, models, environments, kind). */
  static final String TABLE_HEADER =
      "| measured | models | environments | kind, shape | venv | raw baseline | venv vs raw | budget | |";
  /** The header of the growth table; a row is named by its first two cells. */
  static final String GROWTH_HEADER =
      "| measured | models | venv | venv growth | raw growth | venv's growth over raw's | budget | |";

  private ScaleReport() {}

  /** What a scale benchmark method measures, in the order the report lists them. */
  enum Thing {
    FIRST_BUILD("firstBuild", "First build of prod"),
    NEW_ENVIRONMENT("newEnvironment", "New environment, 0 changes"),
    ONE_PERCENT("newEnvironmentOnePercentChanged", "New environment, 1% of models changed"),
    NO_OP("noOpCreate", "No-op create of prod"),
    CONNECT("connect", "Connect to prod and close");

    final String method;
    final String label;

    Thing(String method, String label) {
      this.method = method;
      this.label = label;
    }

    static Thing of(String method) {
      for (Thing t : values()) {
        if (t.method.equals(method)) {
          return t;
        }
      }
      return null;
    }
  }

  /**
   * One measured combination, times in ms. {@code raw}, {@code ratio} are {@code null} for the
   * no-op create (there is no DDL to compare with); {@code rawObjects}, {@code objectsRatio} are
   * the first build's objects alone; {@code overRaw} is the connect's venv − raw.
   */
  record Row(String benchmark, Thing thing, int models, int environments, String kind, String shape, Estimate venv,
      Estimate raw, Estimate ratio, Estimate rawObjects, Estimate objectsRatio, Estimate overRaw) {

    /** The row's budget, as the issue states it for these parameters, or {@code null}. */
    String budget() {
      return switch (thing) {
        case FIRST_BUILD -> models == 1000 || models == 5000 ? String.format(Locale.ROOT, "≤ %.1f× raw",
            FIRST_BUILD_RATIO) : null;
        case NEW_ENVIRONMENT -> models >= 1000 ? String.format(Locale.ROOT, "≤ %.1f× raw", NEW_ENVIRONMENT_RATIO)
            : null;
        case NO_OP -> models == 1000 ? String.format(Locale.ROOT, "< %.0f ms", NO_OP_MS) : null;
        case CONNECT -> (models == 1000 || models == 10000) && (environments == 1 || environments == 100)
            ? String.format(Locale.ROOT, "≤ raw + %.1f ms", CONNECT_OVER_RAW_MS) : null;
        default -> null;
      };
    }

    boolean met() {
      return switch (thing) {
        case FIRST_BUILD -> ratio.mean() <= FIRST_BUILD_RATIO;
        case NEW_ENVIRONMENT -> ratio.mean() <= NEW_ENVIRONMENT_RATIO;
        case NO_OP -> venv.mean() < NO_OP_MS;
        case CONNECT -> overRaw.mean() <= CONNECT_OVER_RAW_MS;
        default -> true;
      };
    }
  }

  /** The row of one JMH run, or {@code null} when it is not a scale benchmark's (or lacks its counters). */
  static Row row(RunResult run) {
    String name = run.getParams().getBenchmark().replace(PACKAGE, "");
    int dot = name.indexOf('.');
    if (!name.startsWith("Scale") || dot < 0) {
      return null;
    }
    Thing thing = Thing.of(name.substring(dot + 1));
    if (thing == null) {
      return null;
    }
    int models = Integer.parseInt(run.getParams().getParam("models"));
    String environmentsParam = run.getParams().getParam("environments");
    int environments = environmentsParam == null ? 1 : Integer.parseInt(environmentsParam); // a first build: prod
    String kind = run.getParams().getParam("kind");
    String shape = run.getParams().getParam("shape");
    String benchmark = name.substring(0, dot);
    if (thing == Thing.NO_OP) {
      Result<?> r = run.getPrimaryResult();
      double toMs = millisPer(r.getScoreUnit());
      return new Row(benchmark, thing, models, environments, kind, shape,
          new Estimate(r.getScore() * toMs, r.getScoreError() * toMs), null, null, null, null, null);
    }
    double[] venv = Paired.perPair(run, "venvNanos");
    double[] raw = Paired.perPair(run, "rawNanos");
    if (venv == null || raw == null) {
      return null;
    }
    double[] objects = Paired.perPair(run, "rawObjectsNanos");
    return new Row(benchmark, thing, models, environments, kind, shape, millis(venv), millis(raw),
        Estimate.of(divide(venv, raw)), objects == null ? null : millis(objects),
        objects == null ? null : Estimate.of(divide(venv, objects)),
        thing == Thing.CONNECT ? millis(subtract(venv, raw)) : null);
  }

  /**
   * The section, with its charts written beside {@code output} (named after it); empty when no
   * scale benchmark ran.
   */
  static String section(Collection<RunResult> results, Path output) {
    List<Row> rows = new ArrayList<>();
    for (RunResult run : results) {
      Row r = row(run);
      if (r != null) {
        rows.add(r);
      }
    }
    if (rows.isEmpty()) {
      return "";
    }
    rows.sort(Comparator.comparing(Row::thing).thenComparing(r -> String.valueOf(r.kind()))
        .thenComparing(r -> String.valueOf(r.shape())).thenComparingInt(Row::models)
        .thenComparingInt(Row::environments));
    List<Row> byModels = rows.stream().filter(r -> !r.benchmark().equals("ScaleByEnvironmentsBenchmark")).toList();
    List<Row> byEnvironments = rows.stream().filter(r -> r.benchmark().equals("ScaleByEnvironmentsBenchmark"))
        .toList();

    StringBuilder md = new StringBuilder();
    md.append("## Scale\n\n");
    md.append("Generated repositories (`RepositoryGenerator`: 1% FULL sources, every other model VIEW or every one "
        + "FULL; `deep` is 20 layers, `shallow` reads the sources only) on DuckDB, the database held open by the "
        + "process. Each venv figure is paired with its baseline in the same invocations, the same DDL through plain "
        + "DuckDB JDBC in one transaction: a first build against its objects (`CREATE TABLE … AS` / `CREATE VIEW … "
        + "AS` the model's query) plus one environment view per model, since venv makes both, each side ending with "
        + "a `CHECKPOINT` (see `benchmarks/README.md`); a new environment "
        + "against its views (and the changed models' builds); a connect against a raw connect. Means over "
        + "measured iterations ± the 99.9% confidence half-width; the ratio is the mean of each iteration's ratio. "
        + "Budgets are issue \"Scale\"'s, where it names one for those parameters. See `benchmarks/README.md`.\n\n");
    if (!byModels.isEmpty()) {
      md.append("### Against the number of models\n\n");
      table(md, byModels);
      md.append(chart(byModels, false, "Cost against the number of models", "models", output,
          "scale-models"));
    }
    if (!byEnvironments.isEmpty()) {
      md.append("### Against the number of environments\n\n");
      md.append("`environments` counts prod and the others every create finds: each invocation first removes the "
          + "environment (and the raw views) the one before it made.\n\n");
      table(md, byEnvironments);
      growth(md, byEnvironments);
      md.append(chart(byEnvironments, true, "Cost against the number of environments",
          "environments (prod and the others)", output, "scale-environments"));
    }
    return md.toString();
  }

  private static void table(StringBuilder md, List<Row> rows) {
    md.append(TABLE_HEADER).append('\n');
    md.append("|---|---:|---:|---|---:|---|---|---|---|\n");
    for (Row r : rows) {
      md.append("| ").append(r.thing().label).append(" | ").append(String.format(Locale.ROOT, "%,d", r.models()))
          .append(" | ").append(r.environments()).append(" | ").append(r.kind()).append(", ").append(r.shape())
          .append(" | **").append(time(r.venv())).append("** | ");
      if (r.raw() == null) {
        md.append("none (no DDL) | | ");
      } else {
        md.append(time(r.raw()));
        if (r.rawObjects() != null) {
          md.append("; objects alone ").append(time(r.rawObjects()));
        }
        md.append(" | ");
        if (r.overRaw() != null) {
          md.append(String.format(Locale.ROOT, "%+.2f", r.overRaw().mean()));
          if (!Double.isNaN(r.overRaw().error())) {
            md.append(String.format(Locale.ROOT, " ± %.2f", r.overRaw().error()));
          }
          md.append(" ms (").append(ratio(r.ratio())).append(")");
        } else {
          md.append("**").append(ratio(r.ratio())).append("**");
          if (r.objectsRatio() != null) {
            md.append("; ").append(ratio(r.objectsRatio())).append(" objects alone");
          }
        }
        md.append(" | ");
      }
      String budget = r.budget();
      md.append(budget == null ? "none" : budget).append(" | ")
          .append(budget == null ? "" : r.met() ? "met" : "**missed**").append(" |\n");
    }
    md.append('\n');
  }

  /**
   * How each create's time changes from the fewest environments measured to the most, for venv and
   * for its baseline, and how venv's ratio to its baseline changes; the creates' budget is that this
   * last does not grow (within {@value #GROWTH_RATIO}×). The two times are measured minutes apart in
   * forks of their own, so on a shared machine either may drift by a quarter (raw's own growth was
   * seen from 0.95× to 1.27× for the same DDL); each ratio is paired within its invocations, and
   * what the issue asks is that venv's cost beyond the backend's DDL does not grow.
   */
  private static void growth(StringBuilder md, List<Row> rows) {
    Map<String, List<Row>> series = new LinkedHashMap<>();
    for (Row r : rows) {
      series.computeIfAbsent(r.thing() + "|" + r.models() + "|" + r.kind() + "|" + r.shape(), k -> new ArrayList<>())
          .add(r);
    }
    StringBuilder table = new StringBuilder();
    for (List<Row> s : series.values()) {
      Row fewest = s.stream().min(Comparator.comparingInt(Row::environments)).orElseThrow();
      Row most = s.stream().max(Comparator.comparingInt(Row::environments)).orElseThrow();
      if (fewest.environments() == most.environments()) {
        continue;
      }
      double venvGrowth = most.venv().mean() / fewest.venv().mean();
      Double ownGrowth = most.ratio() == null || fewest.ratio() == null ? null
          : most.ratio().mean() / fewest.ratio().mean();
      boolean budgeted = ownGrowth != null
          && (fewest.thing() == Thing.NEW_ENVIRONMENT || fewest.thing() == Thing.ONE_PERCENT);
      table.append("| ").append(fewest.thing().label).append(" | ")
          .append(String.format(Locale.ROOT, "%,d", fewest.models())).append(" | ").append(time(fewest.venv()))
          .append(" at ").append(fewest.environments()).append(" → ").append(time(most.venv())).append(" at ")
          .append(most.environments()).append(" | ").append(String.format(Locale.ROOT, "%.2f×", venvGrowth))
          .append(" | ");
      if (fewest.raw() != null && most.raw() != null) {
        table.append(String.format(Locale.ROOT, "%.2f×", most.raw().mean() / fewest.raw().mean()));
      }
      table.append(" | ");
      if (ownGrowth != null) {
        table.append(String.format(Locale.ROOT, "**%.2f×** (%.2f× → %.2f×)", ownGrowth, fewest.ratio().mean(),
            most.ratio().mean()));
      }
      table.append(" | ").append(budgeted ? String.format(Locale.ROOT, "≤ %.1f×", GROWTH_RATIO) : "none")
          .append(" | ").append(budgeted ? ownGrowth <= GROWTH_RATIO ? "met" : "**missed**" : "").append(" |\n");
    }
    if (table.length() > 0) {
      md.append("Growth from the fewest environments measured to the most: of each side's mean time, and of venv's"
          + " ratio to the same DDL without it (the budget's measure: venv's cost beyond the backend's DDL;"
          + " each ratio is paired within its invocations, where the two times are minutes apart):\n\n");
      md.append(GROWTH_HEADER).append('\n');
      md.append("|---|---:|---|---|---|---|---|---|\n");
      md.append(table).append('\n');
    }
  }

  /**
   * Draws one chart of the rows against their models or environments (a line per thing, kind, shape and side) beside
   * {@code output}, and returns its Markdown image link, or why it could not be drawn.
   */
  private static String chart(List<Row> rows, boolean byEnvironments, String title, String xLabel, Path output,
      String suffix) {
    Function<Row, Integer> count = byEnvironments ? Row::environments : Row::models;
    Map<String, Integer> groups = new LinkedHashMap<>();
    Map<String, TreeMap<Integer, Double>> venvLines = new LinkedHashMap<>();
    Map<String, TreeMap<Integer, Double>> rawLines = new LinkedHashMap<>();
    for (Row r : rows) {
      // Against environments, a line is of one repository size; against models, of every size.
      String key = r.thing().label + " (" + r.kind() + ", " + r.shape()
          + (byEnvironments ? String.format(Locale.ROOT, ", %,d models", r.models()) : "") + ")";
      groups.putIfAbsent(key, groups.size());
      venvLines.computeIfAbsent(key, k -> new TreeMap<>()).put(count.apply(r), r.venv().mean());
      if (r.raw() != null) {
        rawLines.computeIfAbsent(key, k -> new TreeMap<>()).put(count.apply(r), r.raw().mean());
      }
    }
    ScaleChart chart = new ScaleChart(title, xLabel);
    for (Map.Entry<String, Integer> g : groups.entrySet()) {
      chart.add(new ScaleChart.Line(g.getKey() + " — venv", g.getValue(), false, venvLines.get(g.getKey())));
      if (rawLines.containsKey(g.getKey())) {
        chart.add(new ScaleChart.Line(g.getKey() + " — raw", g.getValue(), true, rawLines.get(g.getKey())));
      }
    }
    String stem = output.getFileName().toString().replaceFirst("\\.md$", "");
    Path file = output.toAbsolutePath().resolveSibling(stem + "-" + suffix + ".png");
    try {
      chart.write(file);
      return "![" + title + ": venv solid, raw dashed](" + file.getFileName() + ")\n\n";
    } catch (IOException | RuntimeException | LinkageError | InternalError e) {
      // Headless AWT still needs a font it can find (on Linux through fontconfig): say so, keep the report.
      return "(Chart not drawn: " + e + ". Java draws text even headless, and needs a font it can find: on Linux, "
          + "fontconfig and a font package such as fonts-dejavu-core.)\n\n";
    }
  }

  /** A time in ms, shown in µs below 1 ms: {@code 24,100 ± 3,050 ms}, {@code 891 ± 40.2 µs}. */
  private static String time(Estimate ms) {
    Estimate shown = ms.mean() < 1 ? ms.times(1000) : ms;
    String unit = ms.mean() < 1 ? " µs" : " ms";
    return Double.isNaN(shown.error()) ? RunBenchmarks.number(shown.mean()) + unit
        : RunBenchmarks.number(shown.mean()) + " ± " + RunBenchmarks.number(shown.error()) + unit;
  }

  private static String ratio(Estimate ratio) {
    return Double.isNaN(ratio.error()) ? String.format(Locale.ROOT, "%.2f×", ratio.mean())
        : String.format(Locale.ROOT, "%.2f× ± %.2f", ratio.mean(), ratio.error());
  }

  private static Estimate millis(double[] nanos) {
    return Estimate.of(nanos).times(1e-6);
  }

  /** {@code a[i] / b[i]}: per-iteration ratios. */
  static double[] divide(double[] a, double[] b) {
    double[] q = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      q[i] = a[i] / b[i];
    }
    return q;
  }

  private static double[] subtract(double[] a, double[] b) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i] - b[i];
    }
    return d;
  }

  private static double millisPer(String unit) {
    return switch (unit) {
      case "ns/op" -> 1e-6;
      case "us/op" -> 1e-3;
      case "ms/op" -> 1;
      case "s/op" -> 1e3;
      default -> throw new IllegalArgumentException("not a time per operation: " + unit);
    };
  }
}
