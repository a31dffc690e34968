package dev.venv.analysis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which columns of which tables a model's query reads: per output column, and for what decides its
 * rows (filters, joins, groupings, windows, ordering). A query no parser reads reads every column
 * of every parent in its frame: the safe answer.
 *
 * @param columns output column → what it reads, in select order; a star item is named {@code *}
 * @param frame   what its filters, joins, groupings, windows and ordering read
 * @param parser  {@code calcite}, {@code jsqlparser}, or {@code none}
 * @param problem why no parser read it, else {@code null}
 * @param rowwise  each output row is computed from one row of its FROM, and a changed column can
 *                 change no other output column: one SELECT over tables with no DISTINCT, GROUP BY,
 *                 aggregate, window, set-returning function, function not known to keep the rows,
 *                 LIMIT/OFFSET/FETCH or subquery.
 * @param exactNames each output column has a name of its own, known here: no star or
 *                 {@code COLUMNS(...)}, no unaliased expression (the backend names it: DuckDB
 *                 {@code "(a + 1)"}, PostgreSQL {@code abs}, {@code a} for {@code a::integer}), no
 *                 name twice (DuckDB renames the second {@code a} to {@code a_1}). Otherwise a
 *                 reader may name a column by a name this analysis gives another, or none.
 *                 Only when {@code rowwise} and {@code exactNames} does a rebuilt model pass on
 *                 just the columns that read a change.
 * @param rowOrder   why its rows follow the order it reads its parents' rows in ({@code LIMIT},
 *                 {@code row_number()}, {@code string_agg}...), else {@code null}: a parent rebuilt
 *                 for any change may store or return its rows in another order, so every change
 *                 of a parent reaches all of it
 */
public record ModelLineage(Map<String, Set<ColumnRef>> columns, Set<ColumnRef> frame, String parser, String problem,
    boolean rowwise, boolean exactNames, String rowOrder) {

  public ModelLineage {
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    frame = Collections.unmodifiableSet(new TreeSet<>(frame));
  }

  public ModelLineage(Map<String, Set<ColumnRef>> columns, Set<ColumnRef> frame, String parser, String problem) {
    this(columns, frame, parser, problem, false, false, null);
  }

  public ModelLineage(Map<String, Set<ColumnRef>> columns, Set<ColumnRef> frame, String parser, String problem,
      boolean rowwise, boolean exactNames) {
    this(columns, frame, parser, problem, rowwise, exactNames, null);
  }

  /** This lineage, for a query whose rows follow the order it reads rows in ({@code null}: they do not). */
  ModelLineage withRowOrder(String why) {
    return new ModelLineage(columns, frame, parser, problem, rowwise, exactNames, why);
  }

  /** A query no parser reads: it reads everything of each parent, everywhere. */
  public static ModelLineage unknown(List<String> parents, String problem) {
    Set<ColumnRef> all = new TreeSet<>();
    parents.forEach(p -> all.add(new ColumnRef(p, ColumnRef.ALL)));
    return new ModelLineage(Map.of(), all, "none", problem);
  }

  /**
   * What this model's rows may differ in when {@code parent} changes by {@code change}: everything
   * when its frame or a star reads a changed column, or its rows follow the order it reads rows in, or when an output column reads one and the
   * query is not {@link #rowwise} (its row count may change) or its names are not
   * {@link #exactNames} (a reader may know the column by another name); else its output columns
   * that read one.
   */
  public Impact impactOf(String parent, Impact change) {
    if (change.none()) {
      return Impact.NONE;
    }
    if (change.all() || reads(frame, parent, change.columns()) || rowOrder != null) {
      return Impact.ALL; // a breaking change may change which rows exist, read or not; a rebuild, their order
    }
    Set<String> affected = new TreeSet<>();
    for (Map.Entry<String, Set<ColumnRef>> c : columns.entrySet()) {
      if (reads(c.getValue(), parent, change.columns())) {
        if (c.getKey().equals(ColumnRef.ALL)) {
          return Impact.ALL; // a star over the parent: its set of columns may change
        }
        affected.add(c.getKey());
      }
    }
    if (!affected.isEmpty() && !rowwise) {
      return Impact.ALL; // DISTINCT, GROUP BY, LIMIT, UNNEST...: which rows exist may follow the column
    }
    if (!affected.isEmpty() && !exactNames) {
      return Impact.ALL; // "(a + 1)", abs, a_1: its readers name its columns otherwise than this analysis
    }
    return Impact.columns(affected);
  }

  /** Whether anything of it (a column, the frame, a star) reads {@code table}'s {@code column}. */
  public boolean reads(String table, String column) {
    Set<String> one = Set.of(column);
    return reads(frame, table, one) || columns.values().stream().anyMatch(refs -> reads(refs, table, one));
  }

  private static boolean reads(Set<ColumnRef> refs, String table, Set<String> columns) {
    for (ColumnRef r : refs) {
      if (r.table().equals(table) && (r.column().equals(ColumnRef.ALL) || columns.contains(r.column()))) {
        return true;
      }
    }
    return false;
  }
}
