package dev.venv.sql;

import java.util.Arrays;
import java.util.Locale;

/**
 * The code of a SQL text, as {@link StatementClassifier}'s finders walk it: the tokens without
 * comments, cut into statements at {@code ;}, with each {@code (} linked to its {@code )}.
 *
 * <p>Comments are dropped up front because one may sit between any two keywords; without them
 * "the next token" is simply {@code i + 1}. The {@code ;} separators are dropped too: a statement
 * is a range {@code [from, to)} of indexes.
 *
 * <p>Every {@code ;} ends a statement, even inside parentheses. The backends accept a {@code ;}
 * there only in bodies whose commands run later ({@code BEGIN ATOMIC … END}, rule actions), and
 * reading those commands as statements errs towards reporting a write, never towards missing one.
 */
final class CodeTokens {

  private static final byte WORD = (byte) TokenKind.WORD.ordinal();
  private static final byte QUOTED_IDENTIFIER = (byte) TokenKind.QUOTED_IDENTIFIER.ordinal();
  private static final byte STRING = (byte) TokenKind.STRING.ordinal();
  private static final byte NUMBER = (byte) TokenKind.NUMBER.ordinal();
  private static final byte DOT = (byte) TokenKind.DOT.ordinal();
  private static final byte OPERATOR = (byte) TokenKind.OPERATOR.ordinal();
  private static final byte PARAMETER = (byte) TokenKind.PARAMETER.ordinal();

  private final String sql;
  private final int unterminatedAt;
  /** Token kinds as ordinals: storing enum references would cost a GC barrier each. */
  private final byte[] kinds;
  private final int[] starts;
  private final int[] ends;
  /** For a {@code (}: the index of its {@code )}, or its statement's end when unclosed. */
  private final int[] closes;
  /** Statement k is {@code [bounds[2k], bounds[2k + 1])}. */
  private int[] bounds = new int[8];
  private int statements;
  private int size;

  private CodeTokens(SqlTokens tokens) {
    this.sql = tokens.source();
    this.unterminatedAt = tokens.unterminatedAt();
    int n = tokens.size();
    this.kinds = new byte[n];
    this.starts = new int[n];
    this.ends = new int[n];
    this.closes = new int[n];
    int[] open = new int[8];
    int depth = 0;
    int from = 0;
    for (int k = 0; k < n; k++) {
      TokenKind kind = tokens.kind(k);
      if (kind == TokenKind.COMMENT) {
        continue;
      }
      int start = tokens.start(k);
      int end = tokens.end(k);
      if (kind == TokenKind.OPERATOR && end - start == 1) {
        char c = sql.charAt(start);
        if (c == ';') {
          endStatement(from, open, depth);
          depth = 0;
          from = size;
          continue;
        }
        if (c == '(') {
          if (depth == open.length) {
            open = Arrays.copyOf(open, depth * 2);
          }
          open[depth++] = size;
        } else if (c == ')' && depth > 0) {
          closes[open[--depth]] = size;
        }
      }
      kinds[size] = (byte) kind.ordinal();
      starts[size] = start;
      ends[size] = end;
      size++;
    }
    endStatement(from, open, depth);
  }

  static CodeTokens of(SqlTokens tokens) {
    return new CodeTokens(tokens);
  }

  /** Closes the statement {@code [from, size)}: its unclosed parentheses end with it. */
  private void endStatement(int from, int[] open, int depth) {
    while (depth > 0) {
      closes[open[--depth]] = size;
    }
    if (size == from) {
      return;
    }
    if (2 * statements + 2 > bounds.length) {
      bounds = Arrays.copyOf(bounds, bounds.length * 2);
    }
    bounds[2 * statements] = from;
    bounds[2 * statements + 1] = size;
    statements++;
  }

  String sql() {
    return sql;
  }

  int statements() {
    return statements;
  }

  /** First token of statement {@code k}. */
  int from(int k) {
    return bounds[2 * k];
  }

  /** End (exclusive) of statement {@code k}. */
  int to(int k) {
    return bounds[2 * k + 1];
  }

  int start(int i) {
    return starts[i];
  }

  int end(int i) {
    return ends[i];
  }

  /** False for the one string, quoted identifier or comment that runs to the end unclosed. */
  boolean terminated(int i) {
    return starts[i] != unterminatedAt;
  }

  /** The index of the {@code )} closing the {@code (} at {@code i}, or its statement's end. */
  int close(int i) {
    return closes[i];
  }

  /** True if token {@code i < end} is the unquoted word {@code lower}, in any case. */
  boolean isWord(int i, int end, String lower) {
    if (i >= end || kinds[i] != WORD || ends[i] - starts[i] != lower.length()) {
      return false;
    }
    int s = starts[i];
    for (int k = 0; k < lower.length(); k++) {
      char c = sql.charAt(s + k);
      // Keywords are ASCII; folding only ASCII keeps, say, a Turkish dotless i from matching.
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** True if token {@code i < end} is an unquoted word starting with {@code lowerPrefix}, in any case. */
  boolean startsWithWord(int i, int end, String lowerPrefix) {
    return i < end && kinds[i] == WORD && ends[i] - starts[i] >= lowerPrefix.length()
        && sql.regionMatches(true, starts[i], lowerPrefix, 0, lowerPrefix.length());
  }

  /** True if token {@code i < end} is the one-character operator {@code c}. */
  boolean isOperator(int i, int end, char c) {
    return i < end && kinds[i] == OPERATOR && ends[i] - starts[i] == 1
        && sql.charAt(starts[i]) == c;
  }

  /** True if token {@code i < end} is the dot of a qualified name (not a number such as {@code .5}). */
  boolean isDot(int i, int end) {
    return i < end && kinds[i] == DOT;
  }

  boolean isIdentifier(int i, int end) {
    return i < end && (kinds[i] == WORD || kinds[i] == QUOTED_IDENTIFIER);
  }

  /** True if token {@code i < end} is a bind parameter ({@code ?}, {@code $1}, {@code $name}). */
  boolean isParameter(int i, int end) {
    return i < end && kinds[i] == PARAMETER;
  }

  boolean isString(int i, int end) {
    return i < end && kinds[i] == STRING;
  }

  boolean isNumber(int i, int end) {
    return i < end && kinds[i] == NUMBER;
  }

  /** The lower-cased text of a short unquoted word at {@code i}, for a switch; else null. */
  String keyword(int i, int end) {
    if (i >= end || kinds[i] != WORD || ends[i] - starts[i] > 16) {
      return null;
    }
    return sql.substring(starts[i], ends[i]).toLowerCase(Locale.ROOT);
  }

  /** The lower-cased text of the unquoted word at {@code i}, whatever its length; else null. */
  String word(int i, int end) {
    if (i >= end || kinds[i] != WORD) {
      return null;
    }
    return sql.substring(starts[i], ends[i]).toLowerCase(Locale.ROOT);
  }

  /**
   * The index just past the dotted name ({@code a}, {@code a.b}, {@code "A".b.c}) starting at
   * {@code i}, or {@code i} when no identifier starts there. Its parts sit at {@code i},
   * {@code i + 2}, …, the last at the returned index minus one.
   */
  int nameEnd(int i, int end) {
    if (!isIdentifier(i, end)) {
      return i;
    }
    int j = i + 1;
    while (j + 1 < end && kinds[j] == DOT && isIdentifier(j + 1, end)) {
      j += 2;
    }
    return j;
  }

  /** The identifier at {@code i}, unquoted and lower-cased: routing compares case-insensitively. */
  String identifier(int i) {
    return TokenNames.name(sql, kinds[i] == WORD, starts[i], ends[i], terminated(i));
  }


  /**
   * The first word {@code lower} in {@code [from, end)} outside parentheses opened in that
   * range, or -1.
   */
  int find(int from, int end, String lower) {
    for (int i = from; i < end; i++) {
      if (isOperator(i, end, '(')) {
        i = closes[i];
      } else if (isWord(i, end, lower)) {
        return i;
      }
    }
    return -1;
  }
}
