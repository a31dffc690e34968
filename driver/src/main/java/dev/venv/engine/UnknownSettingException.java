package dev.venv.engine;

import java.sql.SQLException;
import java.util.List;

/**
 * Settings a backend's driver does not know — most likely a mistyped option. DuckDB and trino-jdbc
 * refuse them themselves (with no SQLState, and not naming venv's options); PgJDBC would ignore them
 * without a word, so venv refuses them for it.
 * SQLState {@code 22023}. The driver names its own options in its message; the CLI shows this one.
 */
public final class UnknownSettingException extends SQLException {
  private final String backend;
  private final List<String> names;

  UnknownSettingException(String backend, List<String> names, Throwable cause) {
    super(backend + " has no setting " + String.join(", ", names) + ": check its spelling", "22023", cause);
    this.backend = backend;
    this.names = List.copyOf(names);
  }

  /** The backend's name, as a message says it: {@code DuckDB}, {@code PostgreSQL}. */
  public String backend() {
    return backend;
  }

  /** The settings it does not know, as they were given. */
  public List<String> names() {
    return names;
  }
}
