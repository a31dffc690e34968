package dev.venv.sql;

import dev.venv.state.Identifiers;
import java.util.Locale;

/** The names identifier tokens stand for, matched in place where possible. */
final class TokenNames {

  private TokenNames() {
  }

  /**
   * Looks up the identifier that token {@code i} (a WORD or QUOTED_IDENTIFIER) names, without
   * allocating unless the quoted name holds escapes. Names compare case-insensitively, quoted or
   * not: matching more spellings of a model only ever routes or refuses more, never passes more.
   */
  static <V> V lookup(IdentifierMap<V> map, SqlTokens tokens, int i) {
    String sql = tokens.source();
    int start = tokens.start(i);
    int end = tokens.end(i);
    if (tokens.kind(i) == TokenKind.WORD) {
      return map.get(sql, start, end);
    }
    if (tokens.unterminatedAt() == start) {
      return null;
    }
    if (sql.charAt(start) != '"') {
      String name = QuotedIdentifiers.unicodeContent(sql, start, end);
      return name == null ? null : map.get(name, 0, name.length());
    }
    int from = start + 1;
    int to = end - 1;
    if (sql.indexOf('"', from) < to) {
      String name = QuotedIdentifiers.content(sql, start, end);
      return map.get(name, 0, name.length());
    }
    return map.get(sql, from, to);
  }

  /** The identifier token {@code i} names, unquoted and lower case. */
  static String name(SqlTokens tokens, int i) {
    return name(tokens.source(), tokens.kind(i) == TokenKind.WORD, tokens.start(i), tokens.end(i),
        tokens.unterminatedAt() != tokens.start(i));
  }

  /**
   * The identifier at {@code sql[start, end)}, unquoted and lower case: a word as it is, a
   * quoted identifier ({@code "…"} or {@code U&"…"}) decoded; an unterminated one runs to the end.
   */
  static String name(String sql, boolean word, int start, int end, boolean terminated) {
    String name;
    if (word) {
      name = sql.substring(start, end);
    } else if (!terminated) {
      name = sql.substring(Math.min(end, sql.indexOf('"', start) + 1), end);
    } else if (sql.charAt(start) == '"') {
      name = QuotedIdentifiers.content(sql, start, end);
    } else {
      String decoded = QuotedIdentifiers.unicodeContent(sql, start, end);
      name = decoded != null ? decoded : QuotedIdentifiers.content(sql, start + 2, end);
    }
    return name.toLowerCase(Locale.ROOT);
  }

  /**
   * The alias a routed table keeps, as SQL: a quoted identifier as written, an unquoted one
   * quoted in lower case, so that a keyword ({@code both}, {@code order}) stays a name and the
   * backend folds nothing differently.
   */
  static String alias(String sql, int start, int end, boolean quoted) {
    if (quoted) {
      return sql.substring(start, end);
    }
    return Identifiers.quote(sql.substring(start, end).toLowerCase(Locale.ROOT));
  }
}
