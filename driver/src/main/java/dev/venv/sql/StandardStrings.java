package dev.venv.sql;

/**
 * PostgreSQL's plain strings ({@code 'a\'}) read as venv's lexer reads them only while the session
 * has {@code standard_conforming_strings} on: off, a backslash escapes the next character, so
 * {@code 'a\'' AS s, <code> --'} is a string and then code the routing never saw. The driver keeps
 * the setting on (it refuses texts that name it, and checks the session before each text); these
 * are the texts that would still be read otherwise if a text before them turned it off where
 * nothing names it (a function, a {@code DO} block).
 */
public final class StandardStrings {
  /** The setting, as a text names it. */
  public static final String SETTING = "standard_conforming_strings";

  private StandardStrings() {}

  /**
   * Whether a code token of {@code tokens} (a word, a quoted name, a string) names the setting,
   * outside a text of one {@code SHOW}, which only reads it.
   */
  static boolean namesSetting(SqlTokens tokens) {
    String sql = tokens.source();
    if (!contains(sql, 0, sql.length())) {
      return false;
    }
    int first = 0;
    while (first < tokens.size() && tokens.kind(first) == TokenKind.COMMENT) {
      first++;
    }
    if (first < tokens.size() && tokens.kind(first) == TokenKind.WORD
        && sql.regionMatches(true, tokens.start(first), "show", 0, 4) && tokens.end(first) - tokens.start(first) == 4
        && !severalStatements(tokens)) {
      return false;
    }
    for (int k = 0; k < tokens.size(); k++) {
      if (tokens.kind(k) != TokenKind.COMMENT && contains(sql, tokens.start(k), tokens.end(k))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a plain string of {@code sql} (not {@code E''}, not dollar-quoted) holds a backslash:
   * what the backend reads differently once the setting is off.
   */
  public static boolean hasBackslashString(String sql, SqlDialect dialect) {
    return dialect == SqlDialect.POSTGRES && sql.indexOf('\\') >= 0
        && hasBackslashString(SqlLexer.lex(sql, dialect));
  }

  static boolean hasBackslashString(SqlTokens tokens) {
    String sql = tokens.source();
    for (int k = 0; k < tokens.size(); k++) {
      int start = tokens.start(k);
      if (tokens.kind(k) == TokenKind.STRING && sql.charAt(start) == '\''
          && sql.indexOf('\\', start) >= 0 && sql.indexOf('\\', start) < tokens.end(k)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the text holds a statement after another (a {@code ;} followed by more code). */
  static boolean severalStatements(SqlTokens tokens) {
    boolean ended = false;
    for (int k = 0; k < tokens.size(); k++) {
      TokenKind kind = tokens.kind(k);
      if (kind == TokenKind.COMMENT) {
        continue;
      }
      boolean semicolon = kind == TokenKind.OPERATOR && tokens.end(k) - tokens.start(k) == 1
          && tokens.source().charAt(tokens.start(k)) == ';';
      if (!semicolon && ended) {
        return true;
      }
      ended |= semicolon;
    }
    return false;
  }

  private static boolean contains(String sql, int from, int to) {
    for (int i = from; i + SETTING.length() <= to; i++) {
      if (sql.regionMatches(true, i, SETTING, 0, SETTING.length())) {
        return true;
      }
    }
    return false;
  }
}
