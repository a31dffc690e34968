package dev.venv.env;

/** How a model of a plan differs from the environment it is compared against. */
public enum ChangeCategory {
  /** New in the repository. */
  ADDED,
  /** Gone from the repository. */
  REMOVED,
  /** Its own query, kind, columns or seed changed. */
  DIRECTLY_MODIFIED,
  /** Unchanged itself, but upstream of it something changed its data. */
  INDIRECTLY_MODIFIED,
  /** Only owner, description, tags, grain, cron or unknown properties changed: same version. */
  METADATA_ONLY,
  UNCHANGED
}
