package dev.venv.sql;

import java.util.List;
import java.util.Locale;

/**
 * A session's search path as the client names it: logical schemas, the current schema first
 * ({@code marts}, while the backend sits on {@code marts__dev}). Model schemas are lower case;
 * other schemas keep the backend's spelling. {@link #UNKNOWN} is the path after a statement that
 * sets it from a value computed at run time, until the backend is asked.
 *
 * <p>A class rather than a record only to keep its hash: it is part of the routed-text cache's key,
 * hashed on every statement.
 */
public final class SessionPath {

  /** No schema: nothing resolves unqualified names (or the backend's default, once asked). */
  public static final SessionPath EMPTY = new SessionPath(List.of());
  /** Set at run time to something routing cannot know from the text. */
  public static final SessionPath UNKNOWN = new SessionPath(List.of("\u0000unknown"));

  private final List<String> schemas;
  private final int hash;

  public SessionPath(List<String> schemas) {
    this.schemas = List.copyOf(schemas);
    this.hash = this.schemas.hashCode();
  }

  public List<String> schemas() {
    return schemas;
  }

  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof SessionPath other && other.hash == hash && other.schemas.equals(schemas);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  public static SessionPath of(String... schemas) {
    return new SessionPath(List.of(schemas));
  }

  public boolean isUnknown() {
    return this == UNKNOWN || schemas.size() == 1 && schemas.get(0).equals("\u0000unknown");
  }

  /** The current schema (the first), or {@code null}. */
  public String current() {
    return schemas.isEmpty() || isUnknown() ? null : schemas.get(0);
  }

  /** Whether {@code schema} is on the path, ignoring case. */
  public boolean contains(String schema) {
    String lower = schema.toLowerCase(Locale.ROOT);
    for (String s : schemas) {
      if (s.toLowerCase(Locale.ROOT).equals(lower)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return isUnknown() ? "<set at run time>" : String.join(", ", schemas);
  }
}
