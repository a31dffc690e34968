package dev.venv.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * How much of a corpus of model queries the analysis reads, and what it makes of one change to
 * each (a column added to the outer select list): TPC-H- and TPC-DS-shaped models and models in
 * DuckDB's own syntax. Writes the counts to target/analysis-coverage.txt.
 */
class CoverageCorpusTest {

  record Query(String corpus, String name, String sql) {}

  @Test
  void reportsWhatEachParserReads() throws IOException {
    List<Query> corpus = new ArrayList<>();
    for (String name : List.of("tpch", "tpcds", "duckdb")) {
      corpus.addAll(read(name));
    }
    Map<String, Map<String, Integer>> parsers = new TreeMap<>();
    Map<String, Map<String, Integer>> changes = new TreeMap<>();
    StringBuilder detail = new StringBuilder();
    for (Query q : corpus) {
      String parser = ModelAnalysis.parser(q.sql());
      parsers.computeIfAbsent(q.corpus(), k -> new TreeMap<>()).merge(parser, 1, Integer::sum);
      String outcome;
      String changed = withAddedColumn(q.sql());
      if (changed == null) {
        outcome = "no outer select list to add to";
      } else {
        ChangeAssessment a = ModelAnalysis.assess(q.sql(), changed);
        outcome = a.category() == ChangeAssessment.Category.BREAKING && a.parser().equals(ModelAnalysis.NONE)
            ? "breaking for want of a parse" : a.category().name().toLowerCase() + " (" + a.parser() + ")";
      }
      changes.computeIfAbsent(q.corpus(), k -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
      detail.append(String.format("%-6s %-36s %-10s %s%n", q.corpus(), q.name(), parser, outcome));
    }
    StringBuilder report = new StringBuilder("Model queries read, by corpus and parser:\n");
    parsers.forEach((c, m) -> report.append("  ").append(c).append(": ").append(m).append('\n'));
    report.append("A column added to each, as assessed:\n");
    changes.forEach((c, m) -> report.append("  ").append(c).append(": ").append(m).append('\n'));
    report.append('\n').append(detail);
    Files.writeString(Path.of("target", "analysis-coverage.txt"), report);
    System.out.println(report);

    assertEquals(Map.of("calcite", 22), parsers.get("tpch"), "Calcite reads every TPC-H-shaped model");
    assertTrue(parsers.get("tpcds").getOrDefault("none", 0) == 0, parsers.toString());
    assertTrue(parsers.get("duckdb").getOrDefault("jsqlparser", 0) > 0, "JSqlParser takes DuckDB syntax Calcite lacks");
    // the five with LIMIT (Q2, Q3, Q10, Q18, Q21) keep the first rows of an ordering whose ties a rebuild may
    // break otherwise: any change to them is breaking; the other seventeen take an added column as non-breaking
    assertEquals(17, changes.get("tpch").getOrDefault("non_breaking (calcite)", 0), changes.toString());
    assertEquals(5, changes.get("tpch").getOrDefault("breaking (calcite)", 0), changes.toString());
  }

  /** The query with {@code 42 AS added_column} at the end of its outer select list, or null. */
  static String withAddedColumn(String sql) {
    int from = sql.startsWith("FROM") ? -1 : sql.indexOf("\nFROM ");
    if (from < 0) {
      return null;
    }
    return sql.substring(0, from) + ",\n  42 AS added_column" + sql.substring(from);
  }

  private static List<Query> read(String corpus) throws IOException {
    String text;
    try (InputStream in = CoverageCorpusTest.class.getResourceAsStream(corpus + ".sql")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, StringBuilder> queries = new LinkedHashMap<>();
    StringBuilder current = null;
    for (String line : text.split("\n")) {
      if (line.startsWith("-- name: ")) {
        current = new StringBuilder();
        queries.put(line.substring("-- name: ".length()).trim(), current);
      } else if (current != null) {
        current.append(current.length() == 0 ? "" : "\n").append(line);
      }
    }
    List<Query> out = new ArrayList<>();
    queries.forEach((name, sql) -> out.add(new Query(corpus, name, sql.toString().strip())));
    return out;
  }
}
