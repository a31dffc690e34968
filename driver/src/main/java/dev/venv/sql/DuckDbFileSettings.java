package dev.venv.sql;

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

  private static final int SHORTEST = WRITERS.stream().mapToInt(String::length).min().orElseThrow();
  private static final int LONGEST = WRITERS.stream().mapToInt(String::length).max().orElseThrow();

  private DuckDbFileSettings() {}

  /** Why {@code tokens} must not run, or {@code null}. On the routing path: words are compared in place. */
  static Refusal refusal(SqlTokens tokens, String environment) {
    String sql = tokens.source();
    for (int k = 0; k < tokens.size(); k++) {
      TokenKind kind = tokens.kind(k);
      String name = null;
      if (kind == TokenKind.WORD) {
        name = writerAt(sql, tokens.start(k), tokens.end(k));
      } else if (kind == TokenKind.QUOTED_IDENTIFIER) { // rare enough to decode
        String text = tokens.text(k);
        int open = text.indexOf('"') + 1;
        int close = text.endsWith("\"") && text.length() > open ? text.length() - 1 : text.length();
        String decoded = text.substring(open, close).replace("\"\"", "\"");
        name = writerAt(decoded, 0, decoded.length());
      }
      if (name != null) {
        return new Refusal("42501", "venv: " + name + " refused in environment " + environment + ": DuckDB writes the"
            + " file it names as the process, which may be the warehouse's own file and every environment in it;"
            + " set it in the application's own DuckDB, not through venv");
      }
    }
    return null;
  }

  /** The setting {@code text[start, end)} names, in any case, or {@code null}. */
  private static String writerAt(String text, int start, int end) {
    int length = end - start;
    if (length < SHORTEST || length > LONGEST) {
      return null;
    }
    for (String writer : WRITERS) {
      if (writer.length() == length && text.regionMatches(true, start, writer, 0, length)) {
        return writer;
      }
    }
    return null;
  }
}
