package dev.venv.benchmarks;

import dev.venv.benchmarks.PeerConnections.Peer;
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
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * The "Against the alternatives" section of {@code BENCHMARKS.md}, from whichever peer benchmarks
 * ran: {@link PeersCreateBenchmark} (a new environment against the full copy, with issue 11's
 * acceptance at 1,000 models and 1% changed, and a chart beside the report) and {@link
 * PeersQueryBenchmark} (venv, P6Spy and ShardingSphere-JDBC as ratios to raw pgjdbc from one run,
 * and the new-text budget), plus {@link PeersQuerySideBenchmark}'s allocation when run with
 * {@code -prof gc}.
 */
final class PeersReport {
  private static final String PACKAGE = "dev.venv.benchmarks.";
  /** Acceptance: at 1,000 models and 1% changed, venv within 1/20 of the full copy, in time and bytes. */
  private static final double COPY_SHARE = 1.0 / 20;
  private static final double NEW_TEXT_RATIO = 1.03;

  static final String FULL_COPY = "## Against a full copy\n\n";
  static final String PROXIES = "## Against the JDBC proxies\n\n";
  /** The full copy's table header; a row is named by its first three cells (backend, models, changed). */
  static final String FULL_COPY_HEADER = "| backend | models | changed | venv | full copy | venv / copy (time) "
      + "| venv bytes | copy bytes | venv / copy (bytes) | acceptance |";

  private PeersReport() {}

  /** One create trial: the means over its iterations (ms, bytes) of each side. */
  private record Create(String backend, int models, int changedPercent, int rows, Estimate venvMs, Estimate copyMs,
      Estimate venvBytes, Estimate copyBytes) {

    double timeShare() {
      return venvMs.mean() / copyMs.mean();
    }

    double bytesShare() {
      return venvBytes.mean() / copyBytes.mean();
    }

    boolean accepted() {
      return models == 1000 && changedPercent == 1;
    }
  }

  /** The section, its chart written beside {@code output}; empty when no peer benchmark ran. */
  static String section(Collection<RunResult> results, Path output) {
    List<Create> creates = new ArrayList<>();
    Map<String, RunResult> queries = new LinkedHashMap<>();
    Map<String, Map<String, Double>> allocation = new TreeMap<>();
    for (RunResult run : results) {
      String name = run.getParams().getBenchmark().replace(PACKAGE, "");
      if (name.startsWith("PeersCreateBenchmark.")) {
        Create c = create(run);
        if (c != null) {
          creates.add(c);
        }
      } else if (name.startsWith("PeersQueryBenchmark.")) {
        queries.put(name.substring(name.indexOf('.') + 1), run);
      } else if (name.startsWith("PeersQuerySideBenchmark.")) {
        Result<?> norm = run.getSecondaryResults().get("·gc.alloc.rate.norm");
        if (norm == null) {
          norm = run.getSecondaryResults().get("gc.alloc.rate.norm");
        }
        if (norm != null) {
          allocation.computeIfAbsent(name.substring(name.indexOf('.') + 1), k -> new LinkedHashMap<>())
              .put(run.getParams().getParam("side"), norm.getScore());
        }
      }
    }
    if (creates.isEmpty() && queries.isEmpty() && allocation.isEmpty()) {
      return "";
    }
    // Two sections, so that a run of one kind of peer benchmark keeps the other's figures.
    StringBuilder md = new StringBuilder();
    if (!creates.isEmpty()) {
      creates(md, creates, output);
    }
    if (!queries.isEmpty() || !allocation.isEmpty()) {
      md.append(PROXIES);
    }
    if (!queries.isEmpty()) {
      queries(md, queries);
    }
    if (!allocation.isEmpty()) {
      md.append("Allocation per query, one side per fork (`PeersQuerySideBenchmark`, `-prof gc`, "
          + "`gc.alloc.rate.norm`; its new text is built inside the operation):\n\n");
      md.append("| query |");
      for (Peer p : Peer.values()) {
        md.append(' ').append(p.label).append(" |");
      }
      md.append("\n|---|---:|---:|---:|---:|\n");
      allocation.forEach((query, bySide) -> {
        md.append("| ").append(query).append(" |");
        for (Peer p : Peer.values()) {
          Double b = bySide.get(p.name().toLowerCase(Locale.ROOT));
          md.append(' ').append(b == null ? "" : String.format(Locale.ROOT, "%,.0f B", b)).append(" |");
        }
        md.append('\n');
      });
      md.append('\n');
    }
    return md.toString();
  }

  private static Create create(RunResult run) {
    double[] venv = Paired.perPair(run, "venvNanos");
    double[] copy = Paired.perPair(run, "copyNanos");
    double[] venvBytes = Paired.perPair(run, "venvBytes");
    double[] copyBytes = Paired.perPair(run, "copyBytes");
    if (venv == null || copy == null || venvBytes == null || copyBytes == null) {
      return null;
    }
    return new Create(run.getParams().getParam("backend"), Integer.parseInt(run.getParams().getParam("models")),
        Integer.parseInt(run.getParams().getParam("changedPercent")),
        Integer.parseInt(run.getParams().getParam("rows")), Estimate.of(venv).times(1e-6),
        Estimate.of(copy).times(1e-6), Estimate.of(venvBytes), Estimate.of(copyBytes));
  }

  private static void creates(StringBuilder md, List<Create> creates, Path output) {
    creates.sort(Comparator.comparing(Create::backend).thenComparingInt(Create::models)
        .thenComparingInt(Create::changedPercent));
    md.append(FULL_COPY);
    md.append("`PeersCreateBenchmark`: a new environment from prod with venv, against the full copy teams make "
        + "without virtual environments (every model rebuilt into new schemas with `CREATE TABLE … AS`, parents "
        + "first, reading the copy's own parents, one statement per model in auto-commit), on generated "
        + "repositories of FULL models 20 layers deep over sources of " + rows(creates) + " rows (a join keeps "
        + "its first parent's rows, a window or roll-up keeps tens), with the last 0, 1 or 10% of models changed "
        + "(every model "
        + "reading a changed one is among them, so venv builds exactly that many). Bytes are how much the "
        + "database's data grew: DuckDB's blocks in use after `CHECKPOINT` (not its file, whose high-water mark "
        + "grows by the whole catalog at each checkpoint), PostgreSQL's `pg_database_size`. Paired in "
        + "each invocation, alternating which goes first; means over measured invocations ± the 99.9% confidence "
        + "half-width; shares are ratios of the means. Acceptance (issue 11): at 1,000 models and 1% changed, at "
        + "most 1/20 of the copy's time and bytes.\n\n");
    md.append(FULL_COPY_HEADER).append("\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Create c : creates) {
      md.append("| ").append(c.backend()).append(" | ").append(String.format(Locale.ROOT, "%,d", c.models()))
          .append(" | ").append(c.changedPercent()).append("% | ").append(ms(c.venvMs())).append(" | ")
          .append(ms(c.copyMs())).append(" | **").append(String.format(Locale.ROOT, "%.3f", c.timeShare()))
          .append("** | ").append(bytes(c.venvBytes().mean())).append(" | ").append(bytes(c.copyBytes().mean()))
          .append(" | **").append(String.format(Locale.ROOT, "%.3f", c.bytesShare())).append("** | ");
      if (c.accepted()) {
        boolean met = c.timeShare() <= COPY_SHARE && c.bytesShare() <= COPY_SHARE;
        md.append("≤ 0.050 both: ").append(met ? "met" : "**missed**");
      }
      md.append(" |\n");
    }
    md.append('\n');
    md.append(chart(creates, output, false)).append(chart(creates, output, true));
  }

  /** The runs' source rows, as the report says them: one figure, or each one. */
  private static String rows(List<Create> creates) {
    return creates.stream().map(c -> String.format(Locale.ROOT, "%,d", c.rows())).distinct()
        .collect(java.util.stream.Collectors.joining(" or "));
  }

  /** A chart of time (or bytes) against models: per backend and change a venv line, solid, and the copy's, dashed. */
  private static String chart(List<Create> creates, Path output, boolean bytes) {
    String title = bytes ? "Bytes a new environment adds: venv against a full copy"
        : "Creating an environment: venv against a full copy";
    ScaleChart chart = new ScaleChart(title, "models", bytes ? "MB added (log scale)" : "seconds (log scale)");
    Map<String, Integer> groups = new LinkedHashMap<>();
    Map<String, TreeMap<Integer, Double>> venv = new LinkedHashMap<>();
    Map<String, TreeMap<Integer, Double>> copy = new LinkedHashMap<>();
    for (Create c : creates) {
      String key = c.backend() + ", " + c.changedPercent() + "% changed";
      groups.putIfAbsent(key, groups.size());
      double v = bytes ? c.venvBytes().mean() / 1e6 : c.venvMs().mean() / 1000;
      double f = bytes ? c.copyBytes().mean() / 1e6 : c.copyMs().mean() / 1000;
      if (v > 0) { // a log axis has no zero: DuckDB may not grow for a few views
        venv.computeIfAbsent(key, k -> new TreeMap<>()).put(c.models(), v);
      }
      if (f > 0) {
        copy.computeIfAbsent(key, k -> new TreeMap<>()).put(c.models(), f);
      }
    }
    groups.forEach((key, group) -> {
      chart.add(new ScaleChart.Line(key + " — venv", group, false, venv.getOrDefault(key, new TreeMap<>())));
      chart.add(new ScaleChart.Line(key + " — full copy", group, true, copy.getOrDefault(key, new TreeMap<>())));
    });
    if (chart.isEmpty()) {
      return "";
    }
    String stem = output.getFileName().toString().replaceFirst("\\.md$", "");
    Path file = output.toAbsolutePath().resolveSibling(stem + "-peers-" + (bytes ? "bytes" : "time") + ".png");
    try {
      chart.write(file);
      return "![" + title + ": venv solid, full copy dashed](" + file.getFileName() + ")\n\n";
    } catch (IOException | RuntimeException | LinkageError | InternalError e) {
      return "(Chart not drawn: " + e + "; see the Scale section's note on fonts.)\n\n";
    }
  }

  private static void queries(StringBuilder md, Map<String, RunResult> queries) {
    md.append("`PeersQueryBenchmark` on PostgreSQL, one fork: each invocation is a round of one indexed point query "
        + "per side — raw pgjdbc, venv (`jdbc:venv:prod:postgresql:…`), P6Spy 3.9.1 wrapping pgjdbc (interception "
        + "only, no logging module) and ShardingSphere-JDBC 5.5.2 (logical `points` rewritten to actual "
        + "`points_0`, a copy of the physical table with its index) — in every order of the four sides in turn, so "
        + "that each goes first, and follows each other, equally often. Raw and P6Spy send the text venv sends. Each side is timed and its thread's allocation counted; µs and bytes per query are "
        + "means over iterations, and each ratio is the mean of the per-iteration ratios to raw ± the 99.9% "
        + "confidence half-width.\n\n");
    md.append("| query | raw pgjdbc | venv | P6Spy | ShardingSphere-JDBC | budget |\n|---|---|---|---|---|---|\n");
    for (String query : List.of("prepared", "plainText", "newText")) {
      RunResult run = queries.get(query);
      if (run == null) {
        continue;
      }
      String what = switch (query) {
        case "prepared" -> "reused `PreparedStatement`";
        case "plainText" -> "plain `Statement`, same text";
        default -> "plain `Statement`, new text each time (routing miss)";
      };
      md.append("| ").append(what);
      Estimate venvRatio = null;
      double[] raw = Paired.perPair(run, "rawNanos");
      for (Peer peer : Peer.values()) {
        String counter = peer.name().toLowerCase(Locale.ROOT);
        double[] nanos = Paired.perPair(run, counter + "Nanos");
        double[] allocated = Paired.perPair(run, counter + "Bytes");
        md.append(" | ");
        if (nanos == null || raw == null) {
          continue;
        }
        Estimate micros = Estimate.of(nanos).times(1e-3);
        md.append(RunBenchmarks.number(micros.mean())).append(" µs");
        if (peer != Peer.RAW) {
          Estimate ratio = Estimate.of(ScaleReport.divide(nanos, raw));
          md.append(", **").append(String.format(Locale.ROOT, "%.3f×", ratio.mean())).append("**");
          if (!Double.isNaN(ratio.error())) {
            md.append(String.format(Locale.ROOT, " ± %.3f", ratio.error()));
          }
          if (peer == Peer.VENV) {
            venvRatio = ratio;
          }
        }
        if (allocated != null) {
          md.append(String.format(Locale.ROOT, ", %,.0f B", Estimate.of(allocated).mean()));
        }
      }
      md.append(" | ");
      if (query.equals("newText") && venvRatio != null) {
        md.append(String.format(Locale.ROOT, "venv ≤ %.2f× raw: ", NEW_TEXT_RATIO))
            .append(venvRatio.mean() <= NEW_TEXT_RATIO ? "met" : "**missed**");
      }
      md.append(" |\n");
    }
    md.append('\n');
    clientCpu(md, queries);
  }

  /**
   * What each side costs the client's CPU per query, beside raw's: the work a driver adds, measured
   * without the wait for the server, whose variance (two processes on shared cores) hides a few
   * microseconds in the wall-clock ratios above. Raw's wall time plus venv's added CPU, over raw's
   * wall time, is the ratio venv's own work makes.
   */
  private static void clientCpu(StringBuilder md, Map<String, RunResult> queries) {
    StringBuilder rows = new StringBuilder();
    for (String query : List.of("prepared", "plainText", "newText")) {
      RunResult run = queries.get(query);
      double[] rawCpu = run == null ? null : Paired.perPair(run, "rawCpuNanos");
      double[] rawWall = run == null ? null : Paired.perPair(run, "rawNanos");
      if (rawCpu == null || rawWall == null) {
        continue;
      }
      rows.append("| ").append(query).append(" | ").append(RunBenchmarks.number(Estimate.of(rawCpu).times(1e-3).mean()))
          .append(" µs");
      for (Peer peer : Peer.values()) {
        if (peer == Peer.RAW) {
          continue;
        }
        double[] cpu = Paired.perPair(run, peer.name().toLowerCase(Locale.ROOT) + "CpuNanos");
        rows.append(" | ");
        if (cpu == null) {
          continue;
        }
        double[] added = new double[cpu.length];
        for (int i = 0; i < cpu.length; i++) {
          added[i] = cpu[i] - rawCpu[i];
        }
        Estimate plus = Estimate.of(added).times(1e-3);
        double ratio = (Estimate.of(rawWall).mean() + Estimate.of(added).mean()) / Estimate.of(rawWall).mean();
        rows.append(String.format(Locale.ROOT, "%+.1f µs", plus.mean()));
        if (!Double.isNaN(plus.error())) {
          rows.append(String.format(Locale.ROOT, " ± %.1f", plus.error()));
        }
        rows.append(String.format(Locale.ROOT, " → **%.3f×**", ratio));
      }
      rows.append(" |\n");
    }
    if (rows.isEmpty()) {
      return;
    }
    md.append("The client's CPU time per query (the thread's CPU clock around each query, the same rounds): "
        + "raw's, and what each side adds to it, → raw's wall time plus that, over raw's wall time.\n\n");
    md.append("| query | raw pgjdbc CPU | venv adds | P6Spy adds | ShardingSphere-JDBC adds |\n|---|---|---|---|---|\n");
    md.append(rows).append('\n');
  }

  private static String ms(Estimate ms) {
    return Double.isNaN(ms.error()) ? RunBenchmarks.number(ms.mean()) + " ms"
        : RunBenchmarks.number(ms.mean()) + " ± " + RunBenchmarks.number(ms.error()) + " ms";
  }

  private static String bytes(double b) {
    return b >= 1e6 ? String.format(Locale.ROOT, "%.1f MB", b / 1e6) : String.format(Locale.ROOT, "%,.0f kB", b / 1e3);
  }
}
