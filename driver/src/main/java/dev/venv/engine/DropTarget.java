package dev.venv.engine;

import java.util.Objects;

/**
 * An object named by a {@code DROP … CASCADE} or {@code ALTER … CASCADE}, as the user wrote it:
 * {@code raw.src}, {@code "Raw"."Src"}, or a bare {@code src} that the session's search path
 * resolves. The backend resolves the name exactly as it would resolve the statement's.
 *
 * @param kind what the statement drops or alters
 * @param name the name as written; for a function, with or without its argument types
 *             ({@code raw.f(int)} or {@code raw.f})
 */
public record DropTarget(Kind kind, String name) {

  /** The kinds of object whose cascade can reach a view or a table. */
  public enum Kind {
    /** A table, view, materialized view, sequence or foreign table ({@code DROP TABLE}, {@code ALTER TABLE}). */
    RELATION,
    /** {@code DROP SCHEMA}: everything in it, and what depends on that. */
    SCHEMA,
    /** {@code DROP FUNCTION}/{@code PROCEDURE}: views that call it. */
    FUNCTION,
    /** {@code DROP TYPE}/{@code DOMAIN}: tables and views with columns of it. */
    TYPE
  }

  public DropTarget {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }

  public static DropTarget relation(String name) {
    return new DropTarget(Kind.RELATION, name);
  }

  public static DropTarget schema(String name) {
    return new DropTarget(Kind.SCHEMA, name);
  }

  public static DropTarget function(String name) {
    return new DropTarget(Kind.FUNCTION, name);
  }

  public static DropTarget type(String name) {
    return new DropTarget(Kind.TYPE, name);
  }
}
