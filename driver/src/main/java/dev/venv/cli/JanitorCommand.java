package dev.venv.cli;

import dev.venv.env.Environments;
import dev.venv.env.Janitor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "janitor", mixinStandardHelpOptions = true,
    description = "Repair the views a create or promotion that died left out of line with the state (where views"
        + " do not commit with it: Trino, option state). Then drop expired environments (views and records),"
        + " then physical objects no environment holds"
        + " (built over an hour ago unless --ignore-ttl), then build debris and objects in venv__* schemas no"
        + " snapshot knows. Idempotent; goes on past a failure, reports each, and exits 1 if any failed.")
final class JanitorCommand implements Callable<Integer> {
  @Option(names = "--dry-run", description = "Report what would be removed; remove nothing")
  boolean dryRun;

  @Option(names = "--ignore-ttl", description = "Remove unheld physical objects however recently built")
  boolean ignoreTtl;

  @Mixin BackendOptions backend;

  @Override
  public Integer call() throws Exception {
    Janitor.Report report;
    try (Environments environments = backend.openExisting()) {
      report = environments.janitor().run(dryRun, ignoreTtl);
    }
    if (backend.json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("dry_run", report.dryRun());
      doc.put(report.dryRun() ? "would_repair" : "repaired", actions(report.repaired()));
      doc.put(report.dryRun() ? "would_remove" : "removed", actions(report.removed()));
      doc.put("failed", actions(report.failed()));
      Json.print(doc);
    } else {
      if (report.repaired().isEmpty() && report.removed().isEmpty() && report.failed().isEmpty()) {
        System.out.println("Nothing to clean up.");
      }
      String repair = report.dryRun() ? "would repair" : "repaired";
      report.repaired().forEach(a -> System.out.printf("%s the views of environment %s (left out of line with the"
          + " state by a create or promotion that did not finish)%n", repair, a.object()));
      String verb = report.dryRun() ? "would remove" : "removed";
      report.removed().forEach(a -> System.out.printf("%s %s %s%s%n", verb, a.kind(), a.object(), model(a)));
      report.failed().forEach(a -> System.err.printf("failed to %s %s%s: %s%n",
          "views".equals(a.kind()) ? "repair the views of environment" : "remove " + a.kind(), a.object(), model(a),
          a.error()));
    }
    return report.failed().isEmpty() ? 0 : 1;
  }

  /** Physical names are venv's; the model is what the user knows. */
  private static String model(Janitor.Action a) {
    return a.model() == null ? "" : " (model " + a.model() + ")";
  }

  private static List<Map<String, Object>> actions(List<Janitor.Action> actions) {
    return actions.stream().map(a -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", a.kind());
      m.put("object", a.object());
      if (a.model() != null) {
        m.put("model", a.model());
      }
      if (a.error() != null) {
        m.put("error", a.error());
      }
      return m;
    }).toList();
  }
}
