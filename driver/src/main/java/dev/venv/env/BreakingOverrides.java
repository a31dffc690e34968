package dev.venv.env;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The models whose direct change a plan treats as breaking whatever the analysis finds
 * ({@code --breaking MODEL}, {@code --breaking-all}): their descendants are rebuilt, none reused.
 *
 * @param all    every directly modified model
 * @param models these, by qualified name, lower case
 */
public record BreakingOverrides(boolean all, Set<String> models) {
  /** The default: the analysis decides. */
  public static final BreakingOverrides NONE = new BreakingOverrides(false, Set.of());

  public BreakingOverrides {
    Set<String> lower = new TreeSet<>();
    models.forEach(m -> lower.add(m.toLowerCase(Locale.ROOT)));
    models = Set.copyOf(lower);
  }

  boolean forces(String model) {
    return all || models.contains(model);
  }
}
