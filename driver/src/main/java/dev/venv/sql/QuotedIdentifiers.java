package dev.venv.sql;

/**
 * Decodes the name a terminated QUOTED_IDENTIFIER token stands for. Only needed for the rare
 * quoted names that contain escapes; plain ones are compared in place.
 */
final class QuotedIdentifiers {

  private QuotedIdentifiers() {
  }

  /** The name in {@code "…"} at {@code sql[start, end)}, with {@code ""} undoubled. */
  static String content(String sql, int start, int end) {
    return sql.substring(start + 1, end - 1).replace("\"\"", "\"");
  }

  /**
   * The name in {@code U&"…"} at {@code sql[start, end)}: {@code ""} undoubled and the default
   * escapes {@code \\}, {@code \XXXX} and {@code \+XXXXXX} decoded. Returns null for a malformed
   * escape, which the backend rejects anyway. A {@code UESCAPE} clause is not honoured here: the
   * classifier refuses every text that has one.
   */
  static String unicodeContent(String sql, int start, int end) {
    return unicodeEscapes(sql.substring(start + 3, end - 1).replace("\"\"", "\""));
  }

  /**
   * {@code raw} with the default Unicode escapes of {@code U&} names and strings decoded:
   * {@code \\}, {@code \XXXX} and {@code \+XXXXXX}; null for a malformed escape.
   */
  static String unicodeEscapes(String raw) {
    if (raw.indexOf('\\') < 0) {
      return raw;
    }
    StringBuilder name = new StringBuilder(raw.length());
    int i = 0;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      if (c != '\\') {
        name.append(c);
        i++;
        continue;
      }
      if (i + 1 < raw.length() && raw.charAt(i + 1) == '\\') {
        name.append('\\');
        i += 2;
        continue;
      }
      boolean wide = i + 1 < raw.length() && raw.charAt(i + 1) == '+';
      int from = i + (wide ? 2 : 1);
      int to = from + (wide ? 6 : 4);
      int codePoint = to <= raw.length() ? hex(raw, from, to) : -1;
      if (codePoint < 0 || !Character.isValidCodePoint(codePoint)) {
        return null;
      }
      name.appendCodePoint(codePoint);
      i = to;
    }
    return name.toString();
  }

  private static int hex(String s, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      int digit = Character.digit(s.charAt(i), 16);
      if (digit < 0 || s.charAt(i) >= 128) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }
}
