package dev.venv.cli;

import dev.venv.env.EnvironmentDiff;
import dev.venv.env.Environments;
import dev.venv.env.RowDiff;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", mixinStandardHelpOptions = true,
    description = "Models added, removed and modified in B compared with A; with MODEL and --rows, a row diff of"
        + " that model on its grain: rows only in A, only in B, changed, with a sample of each.")
final class DiffCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "A") String a;
  @Parameters(index = "1", paramLabel = "B") String b;
  @Parameters(index = "2", paramLabel = "MODEL", arity = "0..1", description = "schema.table") String model;

  @Option(names = "--rows", description = "Diff MODEL's rows on its grain")
  boolean rows;

  @Option(names = "--sample", defaultValue = "5", description = "Sample size per category (default: ${DEFAULT-VALUE})")
  int sample;

  @Mixin BackendOptions backend;

  @Override
  public Integer call() throws Exception {
    VenvCli.checkEnvironmentName(spec, a);
    VenvCli.checkEnvironmentName(spec, b);
    if (rows && model == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--rows needs a MODEL");
    }
    EnvironmentDiff diff;
    RowDiff rowDiff = null;
    try (Environments environments = backend.openExisting()) {
      diff = environments.diff(a, b);
      if (rows) {
        rowDiff = environments.rowDiff(a, b, model, sample);
      }
    }
    if (backend.json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("a", diff.a());
      doc.put("b", diff.b());
      doc.put("added", diff.added());
      doc.put("removed", diff.removed());
      doc.put("modified", diff.modified());
      if (rowDiff != null) {
        doc.put("rows", rowDiff);
      }
      Json.print(doc);
      return 0;
    }
    System.out.printf("Environment '%s' compared with '%s':%n", diff.b(), diff.a());
    print("Added", diff.added());
    print("Removed", diff.removed());
    System.out.printf("%nModified (%d):%n", diff.modified().size());
    diff.modified().forEach(d -> System.out.printf("  %-40s %s%n", d.model(), d.dataChanged() ? "data" : "metadata only"));
    if (rowDiff != null) {
      RowDiff r = rowDiff;
      System.out.printf("%nRows of %s on grain %s (%s: %d rows, %s: %d rows):%n", r.model(), r.grain(), r.a(), r.rowsA(),
          r.b(), r.rowsB());
      System.out.printf("  only in %s: %d %s%n", r.a(), r.onlyInA(), r.sampleOnlyInA());
      System.out.printf("  only in %s: %d %s%n", r.b(), r.onlyInB(), r.sampleOnlyInB());
      System.out.printf("  changed:   %d %s%n", r.changed(), r.sampleChanged());
    }
    return 0;
  }

  private static void print(String heading, java.util.List<String> models) {
    System.out.printf("%n%s (%d):%n", heading, models.size());
    models.forEach(m -> System.out.println("  " + m));
  }
}
