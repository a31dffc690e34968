package dev.venv.engine;

import dev.venv.state.Identifiers;
import java.util.ArrayList;
import java.util.List;

/**
 * A search path as text, {@code "Sales", "$user", public}: schema names separated by commas, each
 * double-quoted where it needs to be. PostgreSQL's {@code current_setting('search_path')} and
 * DuckDB's both read and write this form.
 */
final class SearchPathText {
  private SearchPathText() {}

  /**
   * The schema names of a search path text, unquoted: elements are split at commas outside double
   * quotes and trimmed; inside quotes a doubled quote is one. DuckDB writes names unquoted even
   * when they hold spaces, so an unquoted element keeps its inner spaces.
   */
  static List<String> parse(String text) {
    List<String> names = new ArrayList<>();
    StringBuilder name = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    int trailingSpace = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : ',';
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          name.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          name.append(c);
        }
        trailingSpace = 0;
      } else if (c == '"') {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',') {
        name.setLength(name.length() - trailingSpace);
        if (name.length() > 0 || wasQuoted) {
          names.add(name.toString());
        }
        name.setLength(0);
        wasQuoted = false;
        trailingSpace = 0;
      } else if (Character.isWhitespace(c)) {
        if (name.length() > 0) {
          name.append(c);
          trailingSpace++;
        }
      } else {
        name.append(c);
        trailingSpace = 0;
      }
    }
    return names;
  }

  /** The text of a search path: every name double-quoted, so case and punctuation survive. */
  static String format(List<String> schemas) {
    StringBuilder text = new StringBuilder();
    for (String schema : schemas) {
      // no space after the comma: DuckDB reads it as part of the next name (PostgreSQL takes either)
      text.append(text.length() == 0 ? "" : ",").append(Identifiers.quote(schema));
    }
    return text.toString();
  }
}
