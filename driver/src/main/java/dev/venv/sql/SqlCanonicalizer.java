package dev.venv.sql;

import java.util.Locale;

/**
 * Produces the canonical token stream that a model query's data fingerprint covers (SPEC §4).
 *
 * <p>Comments and whitespace are dropped, unquoted words are lower-cased with
 * {@link Locale#ROOT}, and every other token — strings, quoted identifiers, numbers, operators —
 * is kept byte for byte. Tokens are joined by one space and trailing {@code ;} tokens are
 * dropped. So reformatting, comments, keyword case and unquoted-identifier case leave the result
 * unchanged, while a changed literal or quoted identifier changes it: the former cannot change
 * what a query computes, the latter can.
 */
public final class SqlCanonicalizer {

  private SqlCanonicalizer() {
  }

  /**
   * Returns the canonical form of {@code sql}.
   *
   * @param sql     the SQL text
   * @param dialect the backend dialect
   * @return the tokens joined by single spaces; empty for SQL with no tokens but comments
   */
  public static String canonical(String sql, SqlDialect dialect) {
    SqlTokens tokens = SqlLexer.lex(sql, dialect);
    int last = lastKept(tokens);
    StringBuilder out = new StringBuilder(sql.length());
    for (int i = 0; i <= last; i++) {
      TokenKind kind = tokens.kind(i);
      if (kind == TokenKind.COMMENT) {
        continue;
      }
      if (out.length() > 0) {
        out.append(' ');
      }
      if (kind == TokenKind.WORD) {
        appendLowerCase(out, sql, tokens.start(i), tokens.end(i));
      } else {
        out.append(sql, tokens.start(i), tokens.end(i));
      }
    }
    return out.toString();
  }

  /** Index of the last token that is neither a comment nor a trailing {@code ;}, or -1. */
  private static int lastKept(SqlTokens tokens) {
    int i = tokens.size() - 1;
    while (i >= 0) {
      TokenKind kind = tokens.kind(i);
      boolean semicolon = kind == TokenKind.OPERATOR
          && tokens.end(i) - tokens.start(i) == 1
          && tokens.source().charAt(tokens.start(i)) == ';';
      if (kind != TokenKind.COMMENT && !semicolon) {
        break;
      }
      i--;
    }
    return i;
  }

  /** Lower-cases without a String per word for ASCII, which is nearly every SQL word. */
  private static void appendLowerCase(StringBuilder out, String sql, int start, int end) {
    for (int i = start; i < end; i++) {
      if (sql.charAt(i) >= 128) {
        // Whole-word conversion: some non-ASCII lower-casings change the length.
        out.append(sql.substring(start, end).toLowerCase(Locale.ROOT));
        return;
      }
    }
    for (int i = start; i < end; i++) {
      char c = sql.charAt(i);
      out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
  }
}
