package dev.venv.sql;

/**
 * Decodes the value of a STRING token: {@code 'a''b'}, {@code E'a\'b'}, {@code N'…'},
 * {@code U&'…'} and {@code $tag$…$tag$}. Used for what the classifier must read inside strings:
 * session schema values and SQL that a statement executes.
 */
final class SqlStrings {

  private SqlStrings() {
  }

  /** The offset where the value of the string token {@code [start, end)} begins. */
  static int contentStart(String sql, int start) {
    char c = sql.charAt(start);
    if (c == '\'') {
      return start + 1;
    }
    if (c == '$') {
      return sql.indexOf('$', start + 1) + 1;
    }
    // U&'…' has a two-character prefix; E'…', N'…', X'…', B'…' one.
    return sql.charAt(start + 1) == '&' ? start + 3 : start + 2;
  }

  /** The offset where the value ends: before the closing delimiter, or at the end if unclosed. */
  static int contentEnd(String sql, int start, int end, boolean terminated) {
    if (!terminated) {
      return end;
    }
    if (sql.charAt(start) == '$') {
      return end - (contentStart(sql, start) - start);
    }
    return end - 1;
  }

  /** The value of the string token {@code [start, end)}. */
  static String value(String sql, int start, int end, boolean terminated) {
    int from = contentStart(sql, start);
    int to = Math.max(from, contentEnd(sql, start, end, terminated));
    return unescape(sql.charAt(start), sql.substring(from, to));
  }

  /**
   * Undoes the escapes of a string written with prefix {@code prefix} (its first character):
   * {@code ''} in quoted strings, and in {@code E''} strings also backslash escapes. Octal, hex
   * and Unicode backslash escapes are kept as written: SQL text rarely needs them.
   */
  static String unescape(char prefix, String raw) {
    if (prefix == '$') {
      return raw;
    }
    boolean backslashes = prefix == 'E' || prefix == 'e';
    if (raw.indexOf('\'') < 0 && (!backslashes || raw.indexOf('\\') < 0)) {
      return raw;
    }
    StringBuilder value = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\'' && i + 1 < raw.length() && raw.charAt(i + 1) == '\'') {
        i++;
      } else if (c == '\\' && backslashes && i + 1 < raw.length()) {
        c = escaped(raw.charAt(++i));
      }
      value.append(c);
    }
    return value.toString();
  }

  private static char escaped(char c) {
    switch (c) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      default:
        return c;
    }
  }
}
