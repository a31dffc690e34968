package dev.venv.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Column lineage across the models of one environment: where a column's values come from
 * (upstream, down to external tables and seeds) and which models' columns and frames read it
 * (downstream). Each model's query is analysed once, when first asked about.
 */
public final class LineageGraph {
  private final Map<String, String> queries;
  private final Map<String, List<String>> parents;
  private final Map<String, ModelLineage> lineages = new HashMap<>();

  /**
   * @param queries each model's query ({@code ""} for a seed)
   * @param parents each model's parents
   */
  public LineageGraph(Map<String, String> queries, Map<String, List<String>> parents) {
    this.queries = Map.copyOf(queries);
    this.parents = Map.copyOf(parents);
  }

  /** {@code model}'s lineage; a seed reads nothing. */
  public ModelLineage lineage(String model) {
    return lineages.computeIfAbsent(model, m -> queries.get(m).isBlank() || SeedProfile.isProfile(queries.get(m))
        ? new ModelLineage(Map.of(), Set.of(), ModelAnalysis.NONE, null, false, true) // a CSV header names its columns
        : ModelAnalysis.lineage(queries.get(m), queries.keySet(), parents.getOrDefault(m, List.of())));
  }

  public boolean has(String model) {
    return queries.containsKey(model);
  }

  /**
   * Every column {@code model.column} is computed from, transitively: model columns passed
   * through, and external tables' and seeds' columns where it starts ({@code sources}).
   *
   * @param through the model columns on the way
   * @param sources where it starts: external tables, seeds, columns of models no parser read
   */
  public record Upstream(Set<ColumnRef> through, Set<ColumnRef> sources) {}

  public Upstream upstream(String model, String column) {
    Set<ColumnRef> through = new TreeSet<>();
    Set<ColumnRef> sources = new TreeSet<>();
    Deque<ColumnRef> work = new ArrayDeque<>(direct(model, column));
    Set<ColumnRef> seen = new LinkedHashSet<>();
    while (!work.isEmpty()) {
      ColumnRef ref = work.pop();
      if (!seen.add(ref)) {
        continue;
      }
      if (!has(ref.table())) {
        sources.add(ref);
        continue;
      }
      Set<ColumnRef> next = direct(ref.table(), ref.column());
      if (next.isEmpty()) {
        sources.add(ref); // a seed, or a constant
      } else {
        through.add(ref);
        work.addAll(next);
      }
    }
    return new Upstream(through, sources);
  }

  /** What {@code model.column} reads directly ({@code *}: every column's reads). */
  private Set<ColumnRef> direct(String model, String column) {
    ModelLineage l = lineage(model);
    Set<ColumnRef> out = new TreeSet<>();
    if (column.equals(ColumnRef.ALL) || l.problem() != null) {
      l.columns().values().forEach(out::addAll);
      out.addAll(l.frame());
      return out;
    }
    Set<ColumnRef> reads = l.columns().get(column);
    if (reads == null && !l.exactNames()) {
      l.columns().values().forEach(out::addAll); // "(a + 1)", a_1: a name the backend gave may be any column
      return out;
    }
    if (reads == null) {
      reads = l.columns().getOrDefault(ColumnRef.ALL, Set.of());
    }
    out.addAll(reads);
    return out;
  }

  /**
   * One reader of a column.
   *
   * @param model  the reading model
   * @param column its output column that reads it, or {@code null} when its frame reads it
   *               (filters, joins, groupings: every row of it may depend on the column)
   */
  public record Reader(String model, String column) {}

  /** Every model column and frame that reads {@code model.column}, transitively through columns. */
  public List<Reader> downstream(String model, String column) {
    List<Reader> readers = new ArrayList<>();
    Set<ColumnRef> seen = new LinkedHashSet<>();
    Deque<ColumnRef> work = new ArrayDeque<>(List.of(new ColumnRef(model, column)));
    while (!work.isEmpty()) {
      ColumnRef ref = work.pop();
      if (!seen.add(ref)) {
        continue;
      }
      for (String reader : new TreeSet<>(queries.keySet())) {
        if (!parents.getOrDefault(reader, List.of()).contains(ref.table())) {
          continue;
        }
        ModelLineage l = lineage(reader);
        boolean anyName = has(ref.table()) && !lineage(ref.table()).exactNames(); // its readers may name it otherwise
        Set<String> one = ref.column().equals(ColumnRef.ALL) || anyName ? null : Set.of(ref.column());
        for (Map.Entry<String, Set<ColumnRef>> c : l.columns().entrySet()) {
          if (reads(c.getValue(), ref.table(), one)) {
            readers.add(new Reader(reader, c.getKey()));
            work.add(new ColumnRef(reader, c.getKey()));
          }
        }
        if (reads(l.frame(), ref.table(), one)) {
          readers.add(new Reader(reader, null));
        }
      }
    }
    return readers;
  }

  private static boolean reads(Set<ColumnRef> refs, String table, Set<String> columns) {
    for (ColumnRef r : refs) {
      if (r.table().equals(table)
          && (columns == null || r.column().equals(ColumnRef.ALL) || columns.contains(r.column()))) {
        return true;
      }
    }
    return false;
  }
}
