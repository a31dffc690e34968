package dev.venv.env;

import dev.venv.analysis.ChangeAssessment;
import java.util.List;

/**
 * Why a modified model is rebuilt or keeps its physical object, for the plan's reader.
 *
 * @param direct   {@code true} for a change of the model's own definition
 * @param category a direct change's category: what it can affect
 * @param added    a direct change's new output columns
 * @param changed  a direct change's changed or removed output columns
 * @param upstream an indirect change's changed upstream columns ({@code model.column}); empty when
 *                 something upstream changed everything
 * @param reads    those of {@code upstream} it reads (so it is rebuilt)
 * @param reason   why a change is breaking (the analysis, an override, a kind change), else {@code null}
 * @param parser   the parser that read a direct change, or {@code none}
 */
public record ChangeReason(boolean direct, ChangeAssessment.Category category, List<String> added,
    List<String> changed, List<String> upstream, List<String> reads, String reason, String parser) {

  public ChangeReason {
    added = List.copyOf(added);
    changed = List.copyOf(changed);
    upstream = List.copyOf(upstream);
    reads = List.copyOf(reads);
  }

  /** {@code non-breaking}, {@code partial-breaking} or {@code breaking}; for an indirect change, {@code null}. */
  public String categoryName() {
    return category == null ? null : category.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /**
   * The plan's words for it: {@code non-breaking: +discount_pct}, {@code partial breaking: amount},
   * {@code rebuilt: reads amount}, {@code reused: does not read amount}.
   */
  public String describe(boolean rebuilt) {
    if (direct) {
      return switch (category) {
        case NON_BREAKING -> added.isEmpty() ? "non-breaking: same columns and rows"
            : "non-breaking: +" + String.join(", +", added);
        case PARTIAL_BREAKING -> "partial breaking: " + String.join(", ", changed)
            + (added.isEmpty() ? "" : ", +" + String.join(", +", added));
        case BREAKING -> "breaking: " + reason;
      };
    }
    if (!rebuilt) {
      return upstream.isEmpty() ? "reused: its parents' rows are unchanged"
          : "reused: does not read " + columns(upstream);
    }
    if (reason != null) {
      return "rebuilt: " + reason;
    }
    return "rebuilt: reads " + columns(reads);
  }

  /** {@code model.column}s as the columns alone, each once: the plan line names the model already. */
  private static String columns(List<String> qualified) {
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    qualified.forEach(q -> names.add(q.substring(q.lastIndexOf('.') + 1)));
    return String.join(", ", names);
  }
}
