package dev.venv.sql;

import java.util.Arrays;
import java.util.Objects;

/**
 * Splits SQL text into {@link SqlTokens}, following the lexical rules of PostgreSQL's scanner
 * (which DuckDB's scanner inherits) exactly where they decide what is code and what is not:
 * strings ({@code ''} doubling; {@code E'\''} backslash escapes; {@code X''}, {@code B''},
 * {@code N''}, {@code U&''} prefixes), dollar-quoted strings, double-quoted identifiers,
 * {@code --} comments and nested block comments.
 *
 * <p>Operators follow PostgreSQL's rule: a maximal run of operator characters, cut before an
 * embedded comment start, and without trailing {@code +}/{@code -} unless the run contains one
 * of {@code ~!@#%^&|`} — so {@code a=-1} is {@code =}, {@code -}, {@code 1}. {@code ?} is never
 * part of an operator: JDBC drivers treat it as a parameter marker. With
 * {@link SqlDialect#POSTGRES}, {@code ??} is one operator, because pgjdbc reads it as an escaped
 * {@code ?} operator rather than two parameters.
 *
 * <p>Malformed input never fails: an unterminated construct runs to the end and is reported by
 * {@link SqlTokens#unterminatedAt()}; the backend will reject such SQL with its own message.
 */
public final class SqlLexer {

  private static final byte SPACE = 1;
  private static final byte IDENT_START = 2;
  private static final byte IDENT_PART = 4;
  private static final byte DIGIT = 8;
  private static final byte OP_CHAR = 16;
  /** Characters that keep a trailing {@code +}/{@code -} inside an operator (PostgreSQL rule). */
  private static final byte OP_SPECIAL = 32;

  private static final byte[] ASCII = new byte[128];

  private static final byte WORD = (byte) TokenKind.WORD.ordinal();
  private static final byte QUOTED_IDENTIFIER = (byte) TokenKind.QUOTED_IDENTIFIER.ordinal();
  private static final byte STRING = (byte) TokenKind.STRING.ordinal();
  private static final byte NUMBER = (byte) TokenKind.NUMBER.ordinal();
  private static final byte PARAMETER = (byte) TokenKind.PARAMETER.ordinal();
  private static final byte DOT = (byte) TokenKind.DOT.ordinal();
  private static final byte OPERATOR = (byte) TokenKind.OPERATOR.ordinal();
  private static final byte COMMENT = (byte) TokenKind.COMMENT.ordinal();

  static {
    for (char c : " \t\n\r\f\u000B".toCharArray()) {
      ASCII[c] |= SPACE;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      ASCII[c] |= IDENT_START | IDENT_PART;
      ASCII[c - 32] |= IDENT_START | IDENT_PART;
    }
    ASCII['_'] |= IDENT_START | IDENT_PART;
    ASCII['$'] |= IDENT_PART;
    for (char c = '0'; c <= '9'; c++) {
      ASCII[c] |= IDENT_PART | DIGIT;
    }
    for (char c : "~!@#^&|`+-*/%<>=".toCharArray()) {
      ASCII[c] |= OP_CHAR;
    }
    for (char c : "~!@#^&|`%".toCharArray()) {
      ASCII[c] |= OP_SPECIAL;
    }
  }

  private SqlLexer() {
  }

  /**
   * Lexes {@code sql}.
   *
   * @param sql     the SQL text; may hold several statements, or be malformed
   * @param dialect the backend dialect
   * @return the tokens, never {@code null}
   */
  public static SqlTokens lex(String sql, SqlDialect dialect) {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(dialect, "dialect");
    return new Scan(sql, dialect == SqlDialect.POSTGRES).run();
  }

  /** True if {@code c} may continue an unquoted identifier. */
  private static boolean isIdentifierPart(char c) {
    return c >= 128 || (ASCII[c] & IDENT_PART) != 0;
  }

  private static boolean isDigit(String s, int i) {
    if (i >= s.length()) {
      return false;
    }
    char c = s.charAt(i);
    return c >= '0' && c <= '9';
  }

  /** True for characters that may start a dollar-quote tag or a {@code $name} parameter. */
  private static boolean isTagStart(char c) {
    return c >= 128 || (ASCII[c] & IDENT_START) != 0;
  }

  /** True for characters that may continue a dollar-quote tag: an identifier part but not {@code $}. */
  private static boolean isTagPart(char c) {
    return c != '$' && isIdentifierPart(c);
  }

  /** One lexing pass; holds the growing token arrays. */
  private static final class Scan {
    private final String s;
    private final int n;
    private final boolean postgres;
    private byte[] kinds;
    private int[] starts;
    private int[] ends;
    private int size;
    private int unterminatedAt = -1;

    Scan(String s, boolean postgres) {
      this.s = s;
      this.n = s.length();
      this.postgres = postgres;
      // Typical SQL has about one token per 4-5 chars; growing is rare.
      int capacity = Math.max(16, n / 4);
      this.kinds = new byte[capacity];
      this.starts = new int[capacity];
      this.ends = new int[capacity];
    }

    SqlTokens run() {
      int pos = 0;
      while (pos < n) {
        char c = s.charAt(pos);
        if (c >= 128) {
          pos = word(pos);
          continue;
        }
        byte cls = ASCII[c];
        if ((cls & SPACE) != 0) {
          pos++;
          continue;
        }
        switch (c) {
          case '\'':
            pos = quoted(pos, pos, '\'', STRING);
            break;
          case '"':
            pos = quoted(pos, pos, '"', QUOTED_IDENTIFIER);
            break;
          case '-':
            pos = at(pos + 1) == '-' ? lineComment(pos) : operator(pos);
            break;
          case '/':
            pos = at(pos + 1) == '*' ? blockComment(pos) : operator(pos);
            break;
          case '.':
            pos = isDigit(s, pos + 1) ? number(pos) : add(DOT, pos, pos + 1);
            break;
          case '$':
            pos = dollar(pos);
            break;
          case '?':
            pos = postgres && at(pos + 1) == '?'
                ? add(OPERATOR, pos, pos + 2)
                : add(PARAMETER, pos, pos + 1);
            break;
          case ':': {
            char next = at(pos + 1);
            pos = add(OPERATOR, pos, next == ':' || next == '=' ? pos + 2 : pos + 1);
            break;
          }
          default:
            if ((cls & DIGIT) != 0) {
              pos = number(pos);
            } else if ((cls & IDENT_START) != 0) {
              pos = wordOrPrefixedLiteral(pos, c);
            } else if ((cls & OP_CHAR) != 0) {
              pos = operator(pos);
            } else {
              // ( ) [ ] { } , ; \ and anything else the backend will judge.
              pos = add(OPERATOR, pos, pos + 1);
            }
        }
      }
      return new SqlTokens(s, kinds, starts, ends, size, unterminatedAt);
    }

    /** Returns the char at {@code i}, or NUL past the end: keeps look-ahead branch-free. */
    private char at(int i) {
      return i < n ? s.charAt(i) : '\0';
    }

    private int add(byte kind, int start, int end) {
      if (size == kinds.length) {
        int capacity = size * 2;
        kinds = Arrays.copyOf(kinds, capacity);
        starts = Arrays.copyOf(starts, capacity);
        ends = Arrays.copyOf(ends, capacity);
      }
      kinds[size] = kind;
      starts[size] = start;
      ends[size] = end;
      size++;
      return end;
    }

    private int unterminated(byte kind, int start) {
      unterminatedAt = start;
      return add(kind, start, n);
    }

    /** Handles the one-letter literal prefixes E, X, B, N and U&, else lexes a word. */
    private int wordOrPrefixedLiteral(int pos, char c) {
      char next = at(pos + 1);
      if (next == '\'') {
        switch (c) {
          case 'E':
          case 'e':
            return escapeString(pos);
          case 'X':
          case 'x':
          case 'B':
          case 'b':
          case 'N':
          case 'n':
            return quoted(pos, pos + 1, '\'', STRING);
          default:
            break;
        }
      } else if (next == '&' && (c == 'U' || c == 'u')) {
        char quote = at(pos + 2);
        if (quote == '\'') {
          return quoted(pos, pos + 2, '\'', STRING);
        }
        if (quote == '"') {
          return quoted(pos, pos + 2, '"', QUOTED_IDENTIFIER);
        }
      }
      return word(pos);
    }

    private int word(int pos) {
      int q = pos + 1;
      while (q < n && isIdentifierPart(s.charAt(q))) {
        q++;
      }
      return add(WORD, pos, q);
    }

    /** A quoted construct where a doubled quote is the only escape. */
    private int quoted(int start, int quotePos, char quote, byte kind) {
      int q = quotePos + 1;
      while (true) {
        int close = s.indexOf(quote, q);
        if (close < 0) {
          return unterminated(kind, start);
        }
        if (close + 1 < n && s.charAt(close + 1) == quote) {
          q = close + 2;
        } else {
          return add(kind, start, close + 1);
        }
      }
    }

    /** {@code E'…'}: a backslash escapes the next character, and {@code ''} still works. */
    private int escapeString(int start) {
      int q = start + 2;
      while (q < n) {
        char c = s.charAt(q);
        if (c == '\\') {
          q += 2;
        } else if (c == '\'') {
          if (at(q + 1) == '\'') {
            q += 2;
          } else {
            return add(STRING, start, q + 1);
          }
        } else {
          q++;
        }
      }
      return unterminated(STRING, start);
    }

    private int lineComment(int start) {
      int q = start + 2;
      while (q < n) {
        char c = s.charAt(q);
        if (c == '\n' || c == '\r') {
          break;
        }
        q++;
      }
      return add(COMMENT, start, q);
    }

    /** Block comments nest in both PostgreSQL and DuckDB, unlike the SQL standard's C style. */
    private int blockComment(int start) {
      int depth = 1;
      int q = start + 2;
      while (q < n) {
        char c = s.charAt(q);
        if (c == '*' && at(q + 1) == '/') {
          q += 2;
          if (--depth == 0) {
            return add(COMMENT, start, q);
          }
        } else if (c == '/' && at(q + 1) == '*') {
          q += 2;
          depth++;
        } else {
          q++;
        }
      }
      return unterminated(COMMENT, start);
    }

    /**
     * {@code $$…$$}, {@code $tag$…$tag$}, {@code $1} or {@code $name}. A {@code $tag$} always
     * opens a dollar-quoted string, as in PostgreSQL's scanner; without its closing tag the
     * string runs to the end.
     */
    private int dollar(int start) {
      char next = at(start + 1);
      if (next >= '0' && next <= '9') {
        int q = start + 2;
        while (isDigit(s, q)) {
          q++;
        }
        return add(PARAMETER, start, q);
      }
      int tagEnd;
      if (next == '$') {
        tagEnd = start + 1;
      } else if (start + 1 < n && isTagStart(next)) {
        tagEnd = start + 2;
        while (tagEnd < n && isTagPart(s.charAt(tagEnd))) {
          tagEnd++;
        }
        if (at(tagEnd) != '$') {
          return add(PARAMETER, start, tagEnd);
        }
      } else {
        return add(OPERATOR, start, start + 1);
      }
      String delimiter = s.substring(start, tagEnd + 1);
      int close = s.indexOf(delimiter, tagEnd + 1);
      if (close < 0) {
        return unterminated(STRING, start);
      }
      return add(STRING, start, close + delimiter.length());
    }

    /**
     * Decimal, hexadecimal ({@code 0x}), octal ({@code 0o}) or binary ({@code 0b}) numbers, with
     * {@code _} between digits (PostgreSQL 16, DuckDB). As in PostgreSQL, {@code 1.} is a
     * number but {@code 1..} is {@code 1} followed by two dots.
     */
    private int number(int start) {
      if (s.charAt(start) == '0') {
        int radix = radix(at(start + 1));
        if (radix != 0) {
          int q = radixDigits(start + 2, radix);
          if (q > start + 2) {
            return add(NUMBER, start, q);
          }
        }
      }
      int q = decimalDigits(start);
      if (at(q) == '.' && at(q + 1) != '.') {
        q = decimalDigits(q + 1);
      }
      char e = at(q);
      if (e == 'e' || e == 'E') {
        int r = q + 1;
        char sign = at(r);
        if (sign == '+' || sign == '-') {
          r++;
        }
        if (isDigit(s, r)) {
          q = decimalDigits(r);
        }
      }
      return add(NUMBER, start, q);
    }

    private static int radix(char c) {
      switch (c) {
        case 'x':
        case 'X':
          return 16;
        case 'o':
        case 'O':
          return 8;
        case 'b':
        case 'B':
          return 2;
        default:
          return 0;
      }
    }

    /** Digits of {@code radix}, each optionally preceded by one {@code _}. */
    private int radixDigits(int q, int radix) {
      while (true) {
        int r = at(q) == '_' ? q + 1 : q;
        if (r < n && Character.digit(s.charAt(r), radix) >= 0 && s.charAt(r) < 128) {
          q = r + 1;
        } else {
          return q;
        }
      }
    }

    /** Decimal digits with single {@code _} separators between them. */
    private int decimalDigits(int q) {
      while (q < n) {
        char c = s.charAt(q);
        if (c >= '0' && c <= '9') {
          q++;
        } else if (c == '_' && q > 0 && isDigit(s, q - 1) && isDigit(s, q + 1)) {
          q += 2;
        } else {
          break;
        }
      }
      return q;
    }

    /** PostgreSQL's operator rule; see the class comment. */
    private int operator(int start) {
      int q = start + 1;
      while (q < n) {
        char c = s.charAt(q);
        if (c >= 128 || (ASCII[c] & OP_CHAR) == 0) {
          break;
        }
        char next = at(q + 1);
        if ((c == '-' && next == '-') || (c == '/' && next == '*')) {
          break;
        }
        q++;
      }
      char last = s.charAt(q - 1);
      if (q - start > 1 && (last == '+' || last == '-')) {
        boolean special = false;
        for (int i = start; i < q - 1; i++) {
          if ((ASCII[s.charAt(i)] & OP_SPECIAL) != 0) {
            special = true;
            break;
          }
        }
        if (!special) {
          do {
            q--;
          } while (q - start > 1 && (s.charAt(q - 1) == '+' || s.charAt(q - 1) == '-'));
        }
      }
      return add(OPERATOR, start, q);
    }
  }
}
