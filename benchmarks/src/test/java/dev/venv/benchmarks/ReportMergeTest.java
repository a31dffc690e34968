package dev.venv.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A partial run ({@code benchmarks/run ScaleBuild -p models=5000}) renews the rows it measured of a
 * section both runs wrote, and keeps the earlier rows it did not measure.
 */
class ReportMergeTest {
  private static final String EARLIER_RUN = "`benchmarks/run .*Benchmark` on 2026-11-30 19:49 UTC";
  private static final String THIS_RUN = "`benchmarks/run ScaleBuild` on 2026-12-02 10:00 UTC";

  private static final String SCALE_HEADER =
      "| measured | models | environments | kind, shape | venv | raw baseline | venv vs raw | budget | |\n"
      + "|---|---:|---:|---|---:|---|---|---|---|\n";

  private static String report(String run, String budgetRows, String byModelsRows, String byEnvironments) {
    StringBuilder md = new StringBuilder("# Benchmarks\n\nLast written by " + run + ".\n\n");
    if (budgetRows != null) {
      md.append("## Budgets\n\nMeasured by ").append(run).append("; load average 1 2 3 before, 1 2 3 after.\n\n")
          .append("| budget | measured | budget figure | ratio |\n|---|---|---|---|\n").append(budgetRows)
          .append("\nFingerprint figures are ….\n\n");
    }
    md.append("## Scale\n\nMeasured by ").append(run).append("; load average 1 2 3 before, 1 2 3 after.\n\n")
        .append("Generated repositories ….\n\n");
    if (byModelsRows != null) {
      md.append("### Against the number of models\n\n").append(SCALE_HEADER).append(byModelsRows)
          .append("\n![Cost against the number of models: venv solid, raw dashed](BENCHMARKS-scale-models.png)\n\n");
    }
    if (byEnvironments != null) {
      md.append(byEnvironments);
    }
    md.append("## All results\n\n| benchmark | mode | params | samples | score | ± error | unit |\n"
        + "|---|---|---|---:|---:|---:|---|\n| X.y | ss | models=1 | 3 | 1.0 | 0.1 | ms/op |\n\n"
        + "Re-run with `benchmarks/run`; see `benchmarks/README.md`.\n");
    return md.toString();
  }

  private static String build(int models, String kind, String venv) {
    return "| First build of prod | " + String.format("%,d", models) + " | 1 | " + kind + ", deep | **" + venv
        + " ms** | 1 ms | **1.00×** | none |  |\n";
  }

  private static final String BY_ENVIRONMENTS = "### Against the number of environments\n\n"
      + "`environments` counts prod and the others ….\n\n" + SCALE_HEADER
      + "| New environment, 0 changes | 1,000 | 1 | FULL, deep | **663 ms** | 546 ms | **1.24×** | ≤ 1.3× raw | met |\n"
      + "| New environment, 0 changes | 1,000 | 100 | FULL, deep | **728 ms** | 490 ms | **1.62×** | ≤ 1.3× raw | **missed** |\n"
      + "\nGrowth from the fewest environments measured to the most: ….\n\n"
      + ScaleReport.GROWTH_HEADER + "\n|---|---:|---|---|---|---|---|---|\n"
      + "| New environment, 0 changes | 1,000 | 663 ms at 1 → 728 ms at 100 | 1.10× | 0.90× | **1.31×** (1.24× → 1.62×)"
      + " | ≤ 1.1× | **missed** |\n\n"
      + "![Cost against the number of environments: venv solid, raw dashed](BENCHMARKS-scale-environments.png)\n\n";

  private static final String EARLIER = report(EARLIER_RUN,
      "| Fingerprint 1000 models, warm | 22 ms | ≥ 10,000 models/s | 4.5× the budget |\n"
          + "| `create` existing, unchanged environment (no-op) | **8.1 ms** | < 10 ms | 0.81 of the budget |\n"
          + "| Routing a cached text | **0.054 µs** | < 1 µs | 0.05 of the budget |\n",
      build(1000, "FULL", "6,292") + build(5000, "FULL", "23,206") + build(1000, "VIEW", "7,071")
          + build(5000, "VIEW", "29,181"),
      BY_ENVIRONMENTS);

  private static List<String> lines(String md, String prefix) {
    return md.lines().filter(l -> l.startsWith(prefix)).toList();
  }

  @Test
  void partialScaleRunRenewsItsRowsAndKeepsTheOthers() {
    String fresh = report(THIS_RUN, null, build(5000, "VIEW", "27,000"), null);

    String merged = ReportMerge.merge(EARLIER, fresh);

    assertEquals(List.of(build(1000, "FULL", "6,292").strip(), build(5000, "FULL", "23,206").strip(),
        build(1000, "VIEW", "7,071").strip(), build(5000, "VIEW", "27,000").strip()),
        lines(merged, "| First build of prod"));
    // A subsection the run did not touch stays whole, growth table and chart included.
    assertTrue(merged.contains(BY_ENVIRONMENTS), merged);
    // The budgets this run did not measure at all stay too.
    assertEquals(3, lines(merged, "| Fingerprint 1000").size() + lines(merged, "| `create`").size()
        + lines(merged, "| Routing").size());
    String scale = merged.substring(merged.indexOf("## Scale"), merged.indexOf("### Against"));
    assertTrue(scale.contains("Measured by " + THIS_RUN), scale);
    assertTrue(scale.contains("kept from " + EARLIER_RUN), scale);
  }

  @Test
  void partialBudgetRunRenewsItsRowsAndKeepsTheOthers() {
    String fresh = report(THIS_RUN,
        "| `create` existing, unchanged environment (no-op) | **7.0 ms** | < 10 ms | 0.70 of the budget |\n",
        build(1000, "FULL", "6,000"), null);

    String merged = ReportMerge.merge(EARLIER, fresh);

    assertEquals(List.of("| Fingerprint 1000 models, warm | 22 ms | ≥ 10,000 models/s | 4.5× the budget |",
        "| `create` existing, unchanged environment (no-op) | **7.0 ms** | < 10 ms | 0.70 of the budget |",
        "| Routing a cached text | **0.054 µs** | < 1 µs | 0.05 of the budget |"),
        lines(merged, "| ").stream().filter(l -> l.endsWith(" the budget |")).toList());
    assertEquals(1, lines(merged, "| budget |").size());
    assertEquals(1, lines(merged, "Fingerprint figures are").size());
  }

  @Test
  void rowsNewToTheTableGoBesideTheRowsTheRunMeasuredWithThem() {
    String fresh = report(THIS_RUN, null, build(1000, "VIEW", "7,000") + build(2000, "VIEW", "14,000"), null);

    String merged = ReportMerge.merge(EARLIER, fresh);

    assertEquals(List.of(build(1000, "FULL", "6,292").strip(), build(5000, "FULL", "23,206").strip(),
        build(1000, "VIEW", "7,000").strip(), build(2000, "VIEW", "14,000").strip(),
        build(5000, "VIEW", "29,181").strip()), lines(merged, "| First build of prod"));
  }

  @Test
  void aFullRunReplacesEverySectionAndSaysNothingWasKept() {
    String merged = ReportMerge.merge(EARLIER, EARLIER.replace(EARLIER_RUN, THIS_RUN));

    assertEquals(EARLIER.replace(EARLIER_RUN, THIS_RUN), merged);
    assertFalse(merged.contains("kept from"), merged);
  }

  @Test
  void mergingTwiceKeepsOneLineNamingTheEarlierRuns() {
    String once = ReportMerge.merge(EARLIER, report(THIS_RUN, null, build(5000, "VIEW", "27,000"), null));
    String third = "`benchmarks/run ScaleBuild -p kind=FULL` on 2026-12-03 10:00 UTC";
    String twice = ReportMerge.merge(once, report(third, null, build(5000, "FULL", "22,000"), null));

    assertEquals(1, lines(twice, "Rows this run did not measure").size(), twice);
    assertTrue(twice.contains(EARLIER_RUN) && twice.contains(THIS_RUN), twice);
    assertEquals(4, lines(twice, "| First build of prod").size());
  }
}
