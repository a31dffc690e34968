package dev.venv.analysis;

import java.util.List;
import java.util.Set;

/**
 * How a model's new query differs from its previous one, for the models that read it.
 *
 * @param category what the change can affect
 * @param added    output columns only the new query has, in its order
 * @param changed  existing output columns whose expression changed or that are gone (partial breaking)
 * @param reason   for a breaking change, why; else {@code null}
 * @param parser   the parser that read both queries, or {@code none}
 * @param moved    existing output columns changed position (reordered, or a column added before
 *                 them): a reader by position ({@code #2}, {@code SELECT *}) reads other columns
 */
public record ChangeAssessment(Category category, List<String> added, Set<String> changed, String reason,
    String parser, boolean moved) {

  /** The pseudo-column a change of positions changes: only readers of every column read it. */
  public static final String POSITIONS = "#positions";

  public ChangeAssessment(Category category, List<String> added, Set<String> changed, String reason, String parser) {
    this(category, added, changed, reason, parser, false);
  }

  /** What a direct change can affect. */
  public enum Category {
    /** Only output columns added: every existing column and every row as before. */
    NON_BREAKING,
    /** Only the expressions of some existing output columns changed or removed. */
    PARTIAL_BREAKING,
    /** Anything else, or a query that cannot be analysed. */
    BREAKING
  }

  public ChangeAssessment {
    added = List.copyOf(added);
    changed = Set.copyOf(changed);
  }

  static ChangeAssessment breaking(String reason, String parser) {
    return new ChangeAssessment(Category.BREAKING, List.of(), Set.of(), reason, parser);
  }

  /** What the change means for the models that read it. */
  public Impact impact() {
    if (category == Category.BREAKING) {
      return Impact.ALL;
    }
    java.util.Set<String> columns = new java.util.TreeSet<>(changed);
    columns.addAll(added); // a reader naming a new column (or through *) did not read it before
    if (moved) {
      columns.add(POSITIONS);
    }
    return Impact.columns(columns);
  }
}
