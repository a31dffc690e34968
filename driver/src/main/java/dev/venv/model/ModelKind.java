package dev.venv.model;

/** How a model's data is materialized in its physical object. */
public enum ModelKind {
  /** A physical view over the query: nothing stored. The default. */
  VIEW,
  /** A physical table holding the query's full result. */
  FULL,
  /** A physical table loaded from a CSV file. */
  SEED;

  /** {@code true} when the physical object is a table (built by running the query or loading the CSV). */
  public boolean storesData() {
    return this != VIEW;
  }
}
