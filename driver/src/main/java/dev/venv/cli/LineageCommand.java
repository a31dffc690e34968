package dev.venv.cli;

import dev.venv.analysis.ColumnRef;
import dev.venv.analysis.LineageGraph;
import dev.venv.analysis.ModelLineage;
import dev.venv.env.EnvironmentName;
import dev.venv.env.Environments;
import dev.venv.state.Environment;
import dev.venv.state.Snapshot;
import dev.venv.state.SnapshotId;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "lineage", mixinStandardHelpOptions = true,
    description = "Column lineage in ENV's snapshots: for MODEL.COLUMN (or each column of MODEL), the model columns"
        + " and the sources (external tables, seeds) it is computed from, and the models downstream that read it,"
        + " in a column or in their filters, joins and groupings. Model queries are analysed with Calcite"
        + " (JSqlParser where Calcite's grammar lacks the syntax); a query neither reads is taken to read"
        + " every column of its parents.")
final class LineageCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MODEL[.COLUMN]", description = "schema.table, or schema.table.column")
  String target;

  @Option(names = "--env", defaultValue = "prod", description = "The environment whose snapshots to read"
      + " (default: ${DEFAULT-VALUE})")
  String environment;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin BackendOptions backend;

  @Override
  public Integer call() throws Exception {
    VenvCli.checkEnvironmentName(spec, environment);
    String env = EnvironmentName.validate(environment);
    String[] parts = target.toLowerCase(Locale.ROOT).split("\\.");
    if (parts.length < 2 || parts.length > 3) {
      throw new CommandLine.ParameterException(spec.commandLine(), "MODEL[.COLUMN] is schema.table[.column]: "
          + target);
    }
    String model = parts[0] + "." + parts[1];
    LineageGraph graph;
    try (Environments environments = backend.openExisting()) {
      Environment held = environments.environment(env).orElseThrow(() -> new SQLException(
          "Environment '" + env + "' does not exist", "42704"));
      Map<SnapshotId, Snapshot> snapshots = environments.state().snapshots(held.snapshotIds());
      Map<String, String> queries = new HashMap<>();
      Map<String, List<String>> parents = new HashMap<>();
      snapshots.values().forEach(s -> {
        queries.put(s.model(), s.query());
        parents.put(s.model(), s.parents());
      });
      graph = new LineageGraph(queries, parents);
    }
    if (!graph.has(model)) {
      throw new SQLException("Environment '" + env + "' holds no model " + model, "42P01");
    }
    ModelLineage own = graph.lineage(model);
    List<String> columns = parts.length == 3 ? List.of(parts[2]) : new ArrayList<>(own.columns().keySet());
    if (parts.length == 3 && !own.columns().containsKey(parts[2]) && !own.columns().containsKey(ColumnRef.ALL)
        && own.problem() == null) {
      throw new SQLException("Model " + model + " has no column " + parts[2] + " (its columns: "
          + String.join(", ", own.columns().keySet()) + ")", "42703");
    }
    List<Map<String, Object>> docs = new ArrayList<>();
    for (String column : columns) {
      LineageGraph.Upstream up = graph.upstream(model, column);
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("model", model);
      doc.put("column", column);
      doc.put("parser", own.parser());
      if (own.problem() != null) {
        doc.put("problem", own.problem());
      }
      doc.put("upstream", up.through().stream().map(ColumnRef::toString).toList());
      doc.put("sources", up.sources().stream().map(ColumnRef::toString).toList());
      List<Map<String, Object>> readers = new ArrayList<>();
      for (LineageGraph.Reader r : graph.downstream(model, column)) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", r.model());
        m.put("column", r.column());
        m.put("reads_in", r.column() == null ? "frame" : "column");
        readers.add(m);
      }
      doc.put("downstream", readers);
      docs.add(doc);
    }
    if (backend.json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("environment", env);
      out.put("frame", own.frame().stream().map(ColumnRef::toString).toList());
      out.put("columns", docs);
      Json.print(out);
      return 0;
    }
    System.out.printf("Lineage in environment '%s' (%s read by %s)%n", env, model, own.parser());
    if (own.problem() != null) {
      System.out.printf("  not analysable: %s%n", own.problem());
    }
    for (Map<String, Object> doc : docs) {
      System.out.printf("%n%s.%s%n", model, doc.get("column"));
      System.out.printf("  upstream: %s%n", join(doc.get("upstream")));
      System.out.printf("  sources:  %s%n", join(doc.get("sources")));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> readers = (List<Map<String, Object>>) doc.get("downstream");
      System.out.printf("  downstream: %s%n", readers.isEmpty() ? "(none)" : "");
      for (Map<String, Object> r : readers) {
        System.out.printf("    %s%n", r.get("column") == null ? r.get("model") + " (filters, joins or groupings)"
            : r.get("model") + "." + r.get("column"));
      }
    }
    System.out.printf("%nRows of %s are decided by: %s%n", model,
        own.frame().isEmpty() ? "(no filter, join or grouping)" : join(own.frame().stream().map(ColumnRef::toString)
            .toList()));
    return 0;
  }

  private static String join(Object list) {
    List<?> l = (List<?>) list;
    return l.isEmpty() ? "(none)" : String.join(", ", l.stream().map(Object::toString).toList());
  }
}
