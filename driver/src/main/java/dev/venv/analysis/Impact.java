package dev.venv.analysis;

import java.util.Set;
import java.util.TreeSet;

/**
 * What a change to a model means for the models that read it: nothing (its rows cannot differ
 * where they read), some of its output columns, or everything.
 *
 * @param all     every column and every row may differ
 * @param columns the output columns that may differ (added, changed or removed), when not {@code all}
 */
public record Impact(boolean all, Set<String> columns) {
  public static final Impact NONE = new Impact(false, Set.of());
  public static final Impact ALL = new Impact(true, Set.of());

  public Impact {
    columns = Set.copyOf(columns);
  }

  public static Impact columns(Set<String> columns) {
    return columns.isEmpty() ? NONE : new Impact(false, new TreeSet<>(columns));
  }

  public boolean none() {
    return !all && columns.isEmpty();
  }

  /** Both together: a model with two changed parents. */
  public Impact and(Impact other) {
    if (all || other.all) {
      return ALL;
    }
    Set<String> union = new TreeSet<>(columns);
    union.addAll(other.columns);
    return columns(union);
  }
}
