package dev.venv.graph;

import dev.venv.env.ChangeCategory;
import dev.venv.env.ModelChange;
import java.util.Objects;

/**
 * What creating an environment from its source does to one model, as the graph colours it. The
 * first three get a physical object of their own ({@link #rebuilt()}); the others read the
 * source's.
 */
public enum ModelStatus {
  DIRECTLY_CHANGED("directly-changed", "directly changed", "#fca5a5", "#b91c1c", true),
  REBUILT("rebuilt", "upstream changed", "#fed7aa", "#c2410c", true),
  ADDED("added", "added", "#bbf7d0", "#15803d", true),
  SHARED("shared", "unchanged", "#e5e7eb", "#6b7280", false),
  METADATA_ONLY("metadata-only", "metadata-only change", "#bfdbfe", "#1d4ed8", false),
  /**
   * A data change that keeps the source's physical object: a model downstream of a change that
   * cannot affect its rows (it reads none of the changed columns) keeps its version under a new
   * fingerprint. {@link #of} sorts them here by their physical object.
   */
  REUSED("reused", "reused under a new fingerprint", "#ccfbf1", "#0f766e", false);

  /** The node's CSS class and the word scripts and tests look for. */
  final String cssClass;
  final String label;
  final String fill;
  final String stroke;
  private final boolean rebuilt;

  ModelStatus(String cssClass, String label, String fill, String stroke, boolean rebuilt) {
    this.cssClass = cssClass;
    this.label = label;
    this.fill = fill;
    this.stroke = stroke;
    this.rebuilt = rebuilt;
  }

  /** {@code true} when the model reads a physical object of its own, not the source's. */
  public boolean rebuilt() {
    return rebuilt;
  }

  /** The legend lists these even at zero: the four an environment is read by at a glance. */
  boolean alwaysInLegend() {
    return this != ADDED && this != REUSED;
  }

  /** The model's status from its change in a plan (or a comparison) against the source. */
  static ModelStatus of(ModelChange change) {
    ChangeCategory category = change.category();
    return switch (category) {
      case UNCHANGED -> SHARED;
      case METADATA_ONLY -> METADATA_ONLY;
      case ADDED -> ADDED;
      case DIRECTLY_MODIFIED, INDIRECTLY_MODIFIED -> Objects.equals(change.physical(), change.previousPhysical())
          ? REUSED : category == ChangeCategory.DIRECTLY_MODIFIED ? DIRECTLY_CHANGED : REBUILT;
      case REMOVED -> throw new IllegalArgumentException(change.model() + " is not in the environment");
    };
  }
}
