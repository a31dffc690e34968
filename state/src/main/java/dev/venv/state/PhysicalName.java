package dev.venv.state;

import java.util.Objects;

/**
 * A schema-qualified object name: where a snapshot version's data lives,
 * {@code venv__<schema>.<schema>__<table>__<version>}, or a view, or what the janitor finds in
 * the catalog.
 *
 * <p>Names venv makes are {@code [a-z0-9_]}; names read from the catalog may hold anything, so SQL
 * is always built from {@link #quoted()}.
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

  /** {@code "schema"."table"}, a {@code "} in either doubled. */
  public String quoted() {
    return Identifiers.quote(schema, table);
  }

  @Override
  public String toString() {
    return schema + '.' + table;
  }
}
