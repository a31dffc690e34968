package dev.venv.sql;

/**
 * What the backend says of the user's own tables, for an unqualified name that a user's schema
 * ahead of a model schema on the search path may hold: the backend takes the user's table when
 * it exists, the model otherwise, and routing must know which.
 */
@FunctionalInterface
public interface UserTables {
  /** Nothing known yet: routing asks ({@link SqlRouter.Result#questions()}). */
  UserTables UNKNOWN = (schema, table) -> null;

  /**
   * Whether {@code schema.table} exists, or {@code null} when not known.
   *
   * @param schema a user's schema as the session names it
   * @param table  the unqualified name, lower case
   */
  Boolean exists(String schema, String table);

  /** A question routing asks of the backend: does this table of the user's exist? */
  record Question(String schema, String table) {}
}
