package dev.venv.state;

import java.util.Objects;

/**
 * Where a snapshot version's data lives: {@code venv__<schema>.<schema>__<table>__<version>}.
 *
 * <p>Both parts are made of {@code [a-z0-9_]} only, so they never need quoting; they are quoted
 * anyway wherever SQL is built from them.
 */
public record PhysicalName(String schema, String table) {
  /** Prefix of every schema that holds physical objects. */
  public static final String SCHEMA_PREFIX = "venv__";

  public PhysicalName {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(table, "table");
  }

  /** The physical name of a model's version. */
  public static PhysicalName of(String modelSchema, String modelTable, String version) {
    return new PhysicalName(SCHEMA_PREFIX + modelSchema, modelSchema + "__" + modelTable + "__" + version);
  }

  /** {@code "schema"."table"}. */
  public String quoted() {
    return '"' + schema + "\".\"" + table + '"';
  }

  @Override
  public String toString() {
    return schema + '.' + table;
  }
}
