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
   * {@code ''} in quoted strings; in {@code E''} strings also backslash escapes, octal
   * ({@code \056}), hex ({@code \x2e}) and Unicode ({@code \u002e}, {@code \U0000002e}) ones
   * included; in {@code U&''} strings the Unicode escapes ({@code \002e}, {@code \+00002e}).
   * Whatever a string holds is read as the backend reads it: a name spelled with escapes is still
   * the name.
   */
  static String unescape(char prefix, String raw) {
    if (prefix == '$') {
      return raw;
    }
    boolean backslashes = prefix == 'E' || prefix == 'e';
    boolean unicode = prefix == 'U' || prefix == 'u';
    if (raw.indexOf('\'') < 0 && (!backslashes && !unicode || raw.indexOf('\\') < 0)) {
      return raw;
    }
    if (unicode) {
      String undoubled = raw.replace("''", "'");
      String decoded = QuotedIdentifiers.unicodeEscapes(undoubled);
      return decoded != null ? decoded : undoubled;
    }
    StringBuilder value = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\'' && i + 1 < raw.length() && raw.charAt(i + 1) == '\'') {
        value.append(c);
        i++;
      } else if (c == '\\' && backslashes && i + 1 < raw.length()) {
        i = backslashEscape(raw, i + 1, value) - 1;
      } else {
        value.append(c);
      }
    }
    return value.toString();
  }

  /** Appends the escape after a backslash at {@code i}; returns the index after it. */
  private static int backslashEscape(String raw, int i, StringBuilder value) {
    char c = raw.charAt(i);
    if (c >= '0' && c <= '7') {
      int end = digits(raw, i, 3, 8);
      value.append((char) Integer.parseInt(raw.substring(i, end), 8));
      return end;
    }
    int width = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
    if (width > 0) {
      int end = digits(raw, i + 1, width, 16);
      if (end > i + 1 && (c == 'x' || end - i - 1 == width)) {
        int code = Integer.parseInt(raw.substring(i + 1, end), 16);
        if (Character.isValidCodePoint(code)) {
          value.appendCodePoint(code);
          return end;
        }
      }
    }
    value.append(escaped(c));
    return i + 1;
  }

  /** The end of up to {@code max} digits in {@code radix} from {@code i}. */
  private static int digits(String raw, int i, int max, int radix) {
    int end = i;
    while (end < raw.length() && end - i < max && Character.digit(raw.charAt(end), radix) >= 0
        && raw.charAt(end) < 128) {
      end++;
    }
    return end;
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
