package dev.venv.state;

/**
 * The one way venv puts a name into SQL: as a delimited identifier, {@code "} doubled. Names come
 * from model files and from the backend's catalog (the janitor drops what it finds), so none is
 * trusted to be plain.
 */
public final class Identifiers {
  private Identifiers() {}

  /** {@code name} as a delimited identifier: {@code a"b} becomes {@code "a""b"}. */
  public static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** {@code "schema"."name"}, each part quoted. */
  public static String quote(String schema, String name) {
    return quote(schema) + '.' + quote(name);
  }
}
