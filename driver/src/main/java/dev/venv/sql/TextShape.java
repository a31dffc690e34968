package dev.venv.sql;

import java.util.Arrays;

/**
 * A SQL text with its numeric literals masked: what texts that differ only in those literals
 * share, such as a BI tool's {@code … WHERE id = 42}, {@code … WHERE id = 43}. Routing never reads a
 * number's value, only its kind: no keyword or name starts with a digit, and where a number could
 * name a table (a PostgreSQL OID in {@code table_to_xml(161661, …)}) any number is refused. So one
 * routing of a shape is valid for every text of it: {@link RoutedTemplate}.
 *
 * <p>Equal {@link #key()}s alone do not make equal shapes ({@code x.1} and {@code x0} mask alike
 * but lex differently); {@link #sameTokens} also compares every token's kind and place.
 */
public final class TextShape {
  /** What a number becomes in the key: one character, whatever the number's length. */
  private static final char NUMBER_MARK = '0';

  private final String key;
  /** Per token: its kind. */
  private final byte[] kinds;
  /** Per token: its start and end in {@link #key}, interleaved. */
  private final int[] bounds;

  private TextShape(String key, byte[] kinds, int[] bounds) {
    this.key = key;
    this.kinds = kinds;
    this.bounds = bounds;
  }

  /**
   * The shape of {@code tokens}' text, or {@code null} when it has no numeric literal (then the
   * text is its own shape) or does not lex to the end (an unterminated string or comment).
   */
  public static TextShape of(SqlTokens tokens) {
    if (tokens.unterminatedAt() >= 0 || !hasNumber(tokens)) {
      return null;
    }
    String sql = tokens.source();
    int n = tokens.size();
    StringBuilder key = new StringBuilder(sql.length());
    byte[] kinds = new byte[n];
    int[] bounds = new int[2 * n];
    int copied = 0;
    for (int i = 0; i < n; i++) {
      TokenKind kind = tokens.kind(i);
      kinds[i] = (byte) kind.ordinal();
      int start = tokens.start(i);
      key.append(sql, copied, start);
      bounds[2 * i] = key.length();
      if (kind == TokenKind.NUMBER) {
        key.append(NUMBER_MARK);
      } else {
        key.append(sql, start, tokens.end(i));
      }
      bounds[2 * i + 1] = key.length();
      copied = tokens.end(i);
    }
    key.append(sql, copied, sql.length());
    return new TextShape(key.toString(), kinds, bounds);
  }

  private static boolean hasNumber(SqlTokens tokens) {
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.kind(i) == TokenKind.NUMBER) {
        return true;
      }
    }
    return false;
  }

  /** The text with every number masked; a cache key (texts of one shape share it). */
  public String key() {
    return key;
  }

  /** True when {@code other}'s text is this one's but for the values of its numbers. */
  boolean sameTokens(TextShape other) {
    return key.equals(other.key) && Arrays.equals(kinds, other.kinds) && Arrays.equals(bounds, other.bounds);
  }

  /** How many tokens the text has. */
  int tokens() {
    return kinds.length;
  }

  boolean isNumber(int token) {
    return kinds[token] == TokenKind.NUMBER.ordinal();
  }
}
