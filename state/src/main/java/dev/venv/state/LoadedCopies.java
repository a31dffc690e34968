package dev.venv.state;

import java.util.UUID;

/**
 * Whether this is the only copy of venv's classes the JVM has loaded. Two web applications with
 * the driver in each one's own {@code WEB-INF/lib} have two copies, over the one DuckDB driver
 * (and so the one open database) their container shares: each copy has its own static fields, so
 * neither sees what the other counts or locks. The copies find each other through a system
 * property, the one registry every class loader shares; its value is a string, as every reader of
 * system properties expects.
 *
 * <p>A copy once loaded stays counted (a redeployed application is a copy more): the copies that
 * remain then do what a second one demands, which costs speed, never isolation.
 */
final class LoadedCopies {
  private static final String PROPERTY = "dev.venv.loadedCopies";
  /** What the property says while this copy is the only one. */
  private static final String THIS_COPY_ALONE = "one: " + UUID.randomUUID();

  private LoadedCopies() {}

  /**
   * Makes this copy known, before it can write anything, so that the others know before they next
   * read. Called again by the same copy, it changes nothing.
   */
  static void announce() {
    System.getProperties().compute(PROPERTY,
        (key, known) -> known == null || known.equals(THIS_COPY_ALONE) ? THIS_COPY_ALONE : "more than one");
  }

  /** No other copy of venv's classes has been announced in this JVM (the property gone counts as others). */
  static boolean onlyThisOne() {
    return THIS_COPY_ALONE.equals(System.getProperty(PROPERTY));
  }
}
