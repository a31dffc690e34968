package dev.venv.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks and writes {@code BENCHMARKS.md}: each budget, the figure measured and its
 * ratio to the budget or to the raw DuckDB baseline, and the scale benchmarks' section and charts
 * ({@link ScaleReport}). Arguments are JMH's (a regex selects benchmarks, {@code -p models=2000}
 * changes the repository size, ...); without a regex every benchmark runs but the scale ones, which
 * take about 40 minutes ({@code Scale} selects them), and the peer ones, which need a local
 * PostgreSQL ({@code Peers} selects them: {@link PeersReport}), and the Trino one, which needs the
 * cluster of {@code examples/trino/start} ({@code Trino} selects it). The report goes to the file named
 * by the system property {@code benchmarks.output} (default {@code BENCHMARKS.md}), the charts beside it.
 */
public final class RunBenchmarks {
  private static final String PACKAGE = "dev.venv.benchmarks.";
  private static final double FINGERPRINT_BUDGET = 10_000; // models/s
  private static final double CREATE_BUDGET_MS = 1_000;
  private static final double PREPARED_BUDGET_RATIO = 1.03; // × raw
  private static final double TRINO_ZERO_CHANGE_BUDGET_RATIO = 1.5; // × bare CREATE VIEW (issue "Trino")
  private static final double NEW_TEXT_BUDGET_RATIO = 1.10; // × raw
  private static final double CACHED_ROUTE_BUDGET_US = 1;
  private static final double UNCACHED_ROUTE_BUDGET_US = 20;
  private static final double CONNECT_BUDGET_MS = 2; // over raw

  private RunBenchmarks() {}

  public static void main(String[] args) throws Exception {
    // The charts are drawn off-screen; set before anything touches AWT.
    System.setProperty("java.awt.headless", "true");
    CommandLineOptions command = new CommandLineOptions(args);
    OptionsBuilder builder = new OptionsBuilder();
    if (command.getIncludes().isEmpty()) {
      builder.include(PACKAGE + ".*Benchmark");
      builder.exclude(PACKAGE + "Scale.*");
      builder.exclude(PACKAGE + "Peers.*");
      builder.exclude(PACKAGE + "Trino.*");
    }
    // The scale benchmarks' forks share the warehouses they build through this folder, which lives
    // as long as this run (a warehouse never outlives the build of the driver that made it).
    Path warehouses = BuiltWarehouses.newRunFolder();
    String property = "-D" + BuiltWarehouses.PROPERTY + "=" + warehouses;
    System.setProperty(BuiltWarehouses.PROPERTY, warehouses.toString()); // for -f 0, which runs here
    List<String> prepend = new ArrayList<>(command.getJvmArgsPrepend().orElse(List.of()));
    prepend.add(property);
    builder.jvmArgsPrepend(prepend.toArray(String[]::new));
    Options options = builder.parent(command).build();
    String loadBefore = loadAverage();
    Collection<RunResult> results;
    try {
      results = new Runner(options).run();
    } finally {
      TempFiles.deleteTree(warehouses);
    }
    String load = loadBefore + " before, " + loadAverage() + " after";
    Path output = Path.of(System.getProperty("benchmarks.output", "BENCHMARKS.md"));
    String earlier = Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : null;
    String fresh = report(results, String.join(" ", args), load, output);
    Files.writeString(output, ReportMerge.merge(earlier, fresh), StandardCharsets.UTF_8);
    System.out.println("Wrote " + output.toAbsolutePath());
  }

  /** One benchmark's figure. */
  private record Figure(String benchmark, String mode, String params, int samples, double score, double error,
      String unit) {}

  /** The report of {@code results}; the scale charts go beside {@code output}. */
  static String report(Collection<RunResult> results, String arguments, String load, Path output) {
    Map<String, Figure> figures = new LinkedHashMap<>();
    List<Figure> all = new ArrayList<>();
    Map<String, Paired> paired = new LinkedHashMap<>();
    for (RunResult run : results) {
      Paired p = Paired.of(run);
      if (p != null) {
        paired.put(run.getParams().getBenchmark().replace(PACKAGE, ""), p);
      }
      Result<?> r = run.getPrimaryResult();
      String name = run.getParams().getBenchmark().replace(PACKAGE, "");
      List<String> params = new ArrayList<>();
      for (String key : run.getParams().getParamsKeys()) {
        params.add(key + "=" + run.getParams().getParam(key));
      }
      Figure figure = new Figure(name, run.getParams().getMode().shortLabel(), String.join(", ", params),
          (int) r.getSampleCount(), r.getScore(), r.getScoreError(), r.getScoreUnit());
      // The budgets look a figure up by name (each of those runs with one set of parameters);
      // the table of all results lists every set.
      figures.put(name, figure);
      all.add(figure);
    }

    String run = "`benchmarks/run" + (arguments.isBlank() ? "" : " " + arguments) + "` on "
        + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n");
    md.append("Last written by ").append(run).append(". A run renews the sections of what it ran and keeps the "
        + "others; each section names the run that measured it.\n\n");
    md.append("| machine | |\n|---|---|\n");
    md.append("| cores (`nproc`) | ").append(Runtime.getRuntime().availableProcessors()).append(" |\n");
    md.append("| CPU | ").append(cpuModel()).append(" |\n");
    md.append("| OS | ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
        .append(' ').append(System.getProperty("os.arch")).append(" |\n");
    md.append("| Java | ").append(System.getProperty("java.vm.name")).append(' ')
        .append(System.getProperty("java.runtime.version")).append(" |\n");
    md.append("| DuckDB | ").append(duckDbVersion()).append(" |\n");
    md.append("| load average (1, 5, 15 min) | ").append(load)
        .append(" — other work on the machine shows as wide error bars |\n\n");

    StringBuilder budgets = new StringBuilder();
    budgets(budgets, figures, paired);
    if (budgets.length() > 0) {
      md.append("## Budgets\n\n");
      md.append("| budget | measured | budget figure | ratio |\n|---|---|---|---|\n");
      md.append(budgets);
      md.append("\nFingerprint figures are `ModelRepository.load` (walk, parse or cache hit, validate, graph, "
          + "fingerprints) of a generated repository; create figures are `Environments.create` on a DuckDB file "
          + "whose prod holds that repository, with the repository already loaded. ms figures are the mean ± "
          + "the 99.9% confidence half-width JMH reports. Driver figures (point query, routing, connect) compare "
          + "venv with raw DuckDB JDBC on the same physical table of one DuckDB file, the point queries paired in one "
          + "fork (each invocation one query per side, alternating which goes first; µs per query and the ratio are "
          + "means over iterations), connects each side in its own fork of the same run.\n\n");
    }
    md.append(ScaleReport.section(results, output));
    md.append(PeersReport.section(results, output));

    md.append("## All results\n\n");
    md.append("| benchmark | mode | params | samples | score | ± error | unit |\n|---|---|---|---:|---:|---:|---|\n");
    for (Figure f : all) {
      md.append("| ").append(f.benchmark()).append(" | ").append(f.mode()).append(" | ").append(f.params())
          .append(" | ").append(f.samples()).append(" | ").append(number(f.score())).append(" | ")
          .append(Double.isNaN(f.error()) ? "" : number(f.error())).append(" | ").append(f.unit()).append(" |\n");
    }
    md.append("\nRe-run with `benchmarks/run`; see `benchmarks/README.md`.\n");
    // Each section says which run measured it: a later run of other benchmarks keeps it as it is.
    String provenance = "Measured by " + run + "; load average " + load + ".";
    return md.toString().replaceAll("(?m)^(## (?!All results).*)\n\n",
        "$1\n\n" + java.util.regex.Matcher.quoteReplacement(provenance) + "\n\n");
  }

  /** The rows of the budgets table, for the figures that ran: fingerprints, creates, the driver's. */
  private static void budgets(StringBuilder md, Map<String, Figure> figures, Map<String, Paired> paired) {
    Figure warm = figures.get("FingerprintBenchmark.warm");
    Figure oneFile = figures.get("FingerprintBenchmark.oneChangedFile");
    Figure touched = figures.get("FingerprintBenchmark.everyFileTouched");
    int models = models(warm != null ? warm : oneFile != null ? oneFile : touched);
    for (Figure f : new Figure[] {warm, oneFile, touched}) {
      if (f == null) {
        continue;
      }
      double perSecond = models / (f.score() / 1000);
      String what = switch (f.benchmark()) {
        case "FingerprintBenchmark.warm" -> "Fingerprint " + models + " models, warm";
        case "FingerprintBenchmark.oneChangedFile" -> "Fingerprint " + models + " models, one file changed";
        default -> "Fingerprint " + models + " models, every file touched (cache cold, JIT warm)";
      };
      boolean budgeted = !f.benchmark().endsWith("everyFileTouched");
      md.append("| ").append(what).append(" | ").append(ms(f)).append(" per load = **")
          .append(String.format(Locale.ROOT, "%,.0f", perSecond)).append(" models/s** | ")
          .append(budgeted ? "≥ 10,000 models/s" : "none (for reference)").append(" | ")
          .append(String.format(Locale.ROOT, budgeted ? "%.1f× the budget" : "(%.1f× the warm budget)",
              perSecond / FINGERPRINT_BUDGET)).append(" |\n");
    }
    Figure same = figures.get("CreateEnvironmentBenchmark.newEnvironmentNoChanges");
    Figure leaf = figures.get("CreateEnvironmentBenchmark.newEnvironmentOneChangedLeaf");
    Figure noOp = figures.get("CreateEnvironmentBenchmark.existingEnvironmentNoOp");
    Figure raw = figures.get("RawViewDdlBenchmark.createViews");
    Figure rawLayer = figures.get("CreateEnvironmentBenchmark.rawVirtualLayerDdl");
    int createModels = models(same != null ? same : leaf != null ? leaf : noOp);
    if (same != null) {
      md.append("| `create` new environment, ").append(createModels).append(" models, 0 changes | **")
          .append(ms(same)).append("** | < 1,000 ms | ")
          .append(String.format(Locale.ROOT, "%.2f of the budget", same.score() / CREATE_BUDGET_MS));
      if (raw != null) {
        md.append(String.format(Locale.ROOT, "; %.1f× raw view DDL", same.score() / raw.score()));
      }
      if (rawLayer != null) {
        md.append(String.format(Locale.ROOT, "; %.1f× its own view DDL run without venv", same.score() / rawLayer.score()));
      }
      md.append(" |\n");
    }
    if (leaf != null) {
      md.append("| `create` new environment, 1 changed leaf (one FULL build) | **").append(ms(leaf))
          .append("** | 0 changes + one build | ");
      if (same != null) {
        md.append(String.format(Locale.ROOT, "%+.0f ms over 0 changes", leaf.score() - same.score()));
      }
      md.append(" |\n");
    }
    if (noOp != null) {
      md.append("| `create` existing, unchanged environment (no-op) | **").append(ms(noOp))
          .append("** | < 10 ms at 1,000 models (one read of the environment) | ");
      md.append(String.format(Locale.ROOT, "%.2f of the budget", noOp.score() / 10.0));
      if (same != null) {
        md.append(String.format(Locale.ROOT, "; %.3f of creating it", noOp.score() / same.score()));
      }
      md.append(" |\n");
    }
    if (raw != null) {
      md.append("| Raw DuckDB baseline: ").append(models(raw, "views"))
          .append(" × `CREATE VIEW s.v_i AS SELECT * FROM t` in one transaction | **")
          .append(ms(raw)).append("** | (baseline) | 1.0 |\n");
    }
    if (rawLayer != null) {
      md.append("| Raw DuckDB, the same DDL as `create` with 0 changes (").append(models(rawLayer))
          .append(" views over prod's physical objects, one transaction), no venv | **").append(ms(rawLayer))
          .append("** | (baseline) | ");
      if (raw != null) {
        md.append(String.format(Locale.ROOT, "%.1f× raw view DDL", rawLayer.score() / raw.score()));
      }
      md.append(" |\n");
    }
    driverBudgets(md, figures, paired);
  }

  /** The driver's budgets: query overhead against raw DuckDB, routing, connecting. */
  private static void driverBudgets(StringBuilder md, Map<String, Figure> figures, Map<String, Paired> paired) {
    Figure prepared = figures.get("PointQueryBenchmark.prepared");
    Figure newText = figures.get("PointQueryBenchmark.newText");
    String table = String.format(Locale.ROOT, "%,d", models(prepared != null ? prepared : newText, "rows"))
        + "-row model";
    ratioRow(md, "Indexed point query on a " + table + ", reused `PreparedStatement`",
        paired.get("PointQueryBenchmark.prepared"), PREPARED_BUDGET_RATIO);
    ratioRow(md, "Indexed point query on a " + table + ", plain `Statement`, new SQL text each time (routing cache "
        + "misses)", paired.get("PointQueryBenchmark.newText"), NEW_TEXT_BUDGET_RATIO);
    Figure trino = figures.get("TrinoPointQueryBenchmark.prepared");
    ratioRow(md, "Trino: point query on a " + String.format(Locale.ROOT, "%,d", models(trino, "rows"))
        + "-row Iceberg model, reused `PreparedStatement`, against raw trino-jdbc (`examples/trino` cluster)",
        paired.get("TrinoPointQueryBenchmark.prepared"), PREPARED_BUDGET_RATIO);
    Figure trinoViews = figures.get("TrinoZeroChangeBenchmark.zeroChange");
    ratioRow(md, "Trino: a new environment of " + String.format(Locale.ROOT, "%,d", models(trinoViews, "models"))
        + " VIEW models with no change, against as many bare `CREATE VIEW`s over their physical objects",
        paired.get("TrinoZeroChangeBenchmark.zeroChange"), TRINO_ZERO_CHANGE_BUDGET_RATIO);

    Figure cached = figures.get("RoutingBenchmark.nativeSqlCached");
    Figure uncached = figures.get("RoutingBenchmark.nativeSqlUncached");
    if (cached != null) {
      md.append("| Routing a cached text (`nativeSQL`, TPC-H Q8, 8 model references) | **").append(micros(cached))
          .append("** | < 1 µs | ").append(String.format(Locale.ROOT, "%.2f of the budget",
              toMicros(cached.score(), cached.unit()) / CACHED_ROUTE_BUDGET_US)).append(" |\n");
    }
    if (uncached != null) {
      md.append("| Routing an uncached TPC-H-sized text (`nativeSQL`, Q8 with a new `LIMIT` each time) | **")
          .append(micros(uncached)).append("** | < 20 µs | ").append(String.format(Locale.ROOT, "%.2f of the budget",
              toMicros(uncached.score(), uncached.unit()) / UNCACHED_ROUTE_BUDGET_US)).append(" |\n");
    }
    for (String[] part : new String[][] {
        {"RoutingBenchmark.rewrite", "`ModelReferenceRewriter.rewrite` of Q8 alone (8 references spliced)"},
        {"RoutingBenchmark.classify", "`StatementClassifier.classify` of Q8 alone"}}) {
      Figure f = figures.get(part[0]);
      if (f != null) {
        md.append("| ").append(part[1]).append(" | **").append(micros(f)).append("** | none (part of a miss) | ");
        if (uncached != null) {
          md.append(String.format(Locale.ROOT, "%.2f of an uncached route",
              toMicros(f.score(), f.unit()) / toMicros(uncached.score(), uncached.unit())));
        }
        md.append(" |\n");
      }
    }

    Figure connectVenv = figures.get("ConnectBenchmark.venv");
    Figure connectRaw = figures.get("ConnectBenchmark.raw");
    if (connectVenv != null) {
      md.append("| Connect to an existing environment and close (`DriverManager.getConnection`, DuckDB instance "
          + "open) | **").append(micros(connectVenv)).append("**");
      if (connectRaw != null) {
        md.append(" vs raw ").append(micros(connectRaw));
      }
      md.append(" | ≤ raw + 2 ms | ");
      if (connectRaw != null) {
        double overMs = (toMicros(connectVenv.score(), connectVenv.unit())
            - toMicros(connectRaw.score(), connectRaw.unit())) / 1000;
        md.append(String.format(Locale.ROOT, "%+.2f ms over raw (%.2f of the budget) — %s", overMs,
            overMs / CONNECT_BUDGET_MS, overMs <= CONNECT_BUDGET_MS ? "met" : "**missed**"));
      }
      md.append(" |\n");
    }
  }

  /** A row "venv vs raw" with the ratio, its uncertainty, and whether it is within {@code budget} × raw. */
  private static void ratioRow(StringBuilder md, String what, Paired p, double budget) {
    if (p == null) {
      return;
    }
    md.append("| ").append(what).append(" | venv **").append(p.venv()).append("** vs raw ").append(p.raw())
        .append(String.format(Locale.ROOT, " | ≤ %.2f × raw | **%.3f× raw**", budget, p.ratio().mean()));
    if (!Double.isNaN(p.ratio().error())) {
      md.append(String.format(Locale.ROOT, " ± %.3f", p.ratio().error()));
    }
    md.append(p.ratio().mean() <= budget ? " — met" : " — **missed**").append(" |\n");
  }

  /** A figure in µs, with its error: {@code 231 ± 4.2 µs}, {@code 0.412 ± 0.010 µs}. */
  private static String micros(Figure f) {
    double score = toMicros(f.score(), f.unit());
    return Double.isNaN(f.error())
        ? number(score) + " µs"
        : number(score) + " ± " + number(toMicros(f.error(), f.unit())) + " µs";
  }

  private static double toMicros(double value, String unit) {
    return switch (unit) {
      case "ns/op" -> value / 1000;
      case "us/op" -> value;
      case "ms/op" -> value * 1000;
      case "s/op" -> value * 1_000_000;
      default -> throw new IllegalArgumentException("not a time per operation: " + unit);
    };
  }

  private static int models(Figure f) {
    return models(f, "models");
  }

  private static int models(Figure f, String param) {
    if (f != null) {
      for (String p : f.params().split(", ")) {
        if (p.startsWith(param + "=")) {
          return Integer.parseInt(p.substring(param.length() + 1));
        }
      }
    }
    return 1000;
  }

  private static String ms(Figure f) {
    String unit = f.unit().replace("/op", "");
    return Double.isNaN(f.error())
        ? number(f.score()) + " " + unit
        : number(f.score()) + " ± " + number(f.error()) + " " + unit;
  }

  static String number(double d) {
    if (Math.abs(d) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", d);
    }
    if (Math.abs(d) >= 1) {
      return String.format(Locale.ROOT, "%.1f", d);
    }
    return String.format(Locale.ROOT, "%.3f", d);
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return "unknown";
  }

  /** The 1, 5 and 15 minute load averages, from {@code /proc/loadavg}. */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String duckDbVersion() {
    try (Connection c = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new Properties());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT library_version FROM pragma_version()")) {
      return rs.next() ? rs.getString(1) : "unknown";
    } catch (Exception e) {
      return "unknown";
    }
  }
}
