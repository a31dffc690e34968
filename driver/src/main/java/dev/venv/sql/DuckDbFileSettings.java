package dev.venv.sql;

import java.util.Locale;
import java.util.Set;

/**
 * DuckDB settings and calls that make the process write a file the text names: a query log or a
 * profile written over the warehouse's file ends every environment in it, and DuckDB writes as
 * the process, whatever the connection. Refused wherever a text names one as code (a string that
 * only reads it, {@code current_setting('profiling_output')}, is not code).
 */
final class DuckDbFileSettings {
  /** Settings whose value is a file or folder DuckDB writes to, and the logging call that may. */
  private static final Set<String> WRITERS = Set.of("log_query_path", "profiling_output", "enable_logging",
      "logging_storage", "temp_directory", "extension_directory", "secret_directory", "home_directory");

  private DuckDbFileSettings() {}

  /** Why {@code tokens} must not run, or {@code null}. */
  static Refusal refusal(SqlTokens tokens, String environment) {
    for (int k = 0; k < tokens.size(); k++) {
      TokenKind kind = tokens.kind(k);
      if (kind != TokenKind.WORD && kind != TokenKind.QUOTED_IDENTIFIER) {
        continue;
      }
      String text = tokens.text(k);
      String name = (kind == TokenKind.QUOTED_IDENTIFIER ? text.substring(1, text.length() - 1).replace("\"\"", "\"")
          : text).toLowerCase(Locale.ROOT);
      if (WRITERS.contains(name)) {
        return new Refusal("42501", "venv: " + name + " refused in environment " + environment + ": DuckDB writes the"
            + " file it names as the process, which may be the warehouse's own file and every environment in it;"
            + " set it in the application's own DuckDB, not through venv");
      }
    }
    return null;
  }
}
