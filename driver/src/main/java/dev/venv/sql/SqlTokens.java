package dev.venv.sql;

import java.util.Arrays;
import java.util.Objects;

/**
 * The tokens of one SQL text, as produced by {@link SqlLexer#lex(String, SqlDialect)}.
 *
 * <p>Tokens live in parallel primitive arrays instead of one object each, because every SQL
 * text a client sends is lexed on the query path and a TPC-H-sized query has hundreds of tokens.
 * Offsets are {@code char} indexes into {@link #source()}; ends are exclusive. Instances are
 * immutable and safe to share between threads.
 */
public final class SqlTokens {

  private static final TokenKind[] KINDS = TokenKind.values();

  private final String source;
  private final byte[] kinds;
  private final int[] starts;
  private final int[] ends;
  private final int size;
  private final int unterminatedAt;

  /** Built on the first {@link #lineOf} call: only error messages need lines. */
  private volatile int[] lineStarts;

  SqlTokens(String source, byte[] kinds, int[] starts, int[] ends, int size, int unterminatedAt) {
    this.source = source;
    this.kinds = kinds;
    this.starts = starts;
    this.ends = ends;
    this.size = size;
    this.unterminatedAt = unterminatedAt;
  }

  /** Returns the number of tokens. */
  public int size() {
    return size;
  }

  /** Returns the kind of token {@code i}. */
  public TokenKind kind(int i) {
    return KINDS[kinds[Objects.checkIndex(i, size)]];
  }

  /** Returns the offset of the first character of token {@code i}. */
  public int start(int i) {
    return starts[Objects.checkIndex(i, size)];
  }

  /** Returns the offset just past the last character of token {@code i}. */
  public int end(int i) {
    return ends[Objects.checkIndex(i, size)];
  }

  /** The index of the token that starts at {@code offset}, or -1 (tokens are in text order). */
  public int startingAt(int offset) {
    return search(starts, offset);
  }

  /** The index of the token that ends just before {@code offset}, or -1. */
  public int endingAt(int offset) {
    return search(ends, offset);
  }

  private int search(int[] offsets, int offset) {
    int lo = 0;
    int hi = size - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (offsets[mid] < offset) {
        lo = mid + 1;
      } else if (offsets[mid] > offset) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  /** Returns the source text of token {@code i}, exactly as written. */
  public String text(int i) {
    Objects.checkIndex(i, size);
    return source.substring(starts[i], ends[i]);
  }

  /** Returns the lexed SQL text. */
  public String source() {
    return source;
  }

  /**
   * Returns the offset where an unterminated string, quoted identifier, block comment or
   * dollar-quoted string starts, or -1 when every construct is closed. Such a construct runs to
   * the end of the input, so there is at most one.
   */
  public int unterminatedAt() {
    return unterminatedAt;
  }

  /**
   * Returns the 1-based line number of {@code offset}. A line ends with {@code \n},
   * {@code \r\n} or a lone {@code \r}; the line break itself belongs to the line it ends.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= offset <= source().length()}
   */
  public int lineOf(int offset) {
    Objects.checkFromToIndex(offset, offset, source.length());
    int[] lines = lineStarts;
    if (lines == null) {
      lines = computeLineStarts(source);
      lineStarts = lines;
    }
    // Last line start <= offset; lines[0] is always 0.
    int lo = 0;
    int hi = lines.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (lines[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo + 1;
  }

  private static int[] computeLineStarts(String s) {
    int[] lines = new int[16];
    int count = 1;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= n || s.charAt(i + 1) != '\n'))) {
        if (count == lines.length) {
          lines = Arrays.copyOf(lines, count * 2);
        }
        lines[count++] = i + 1;
      }
    }
    return Arrays.copyOf(lines, count);
  }

  /** Lists the tokens as {@code KIND:text}, for test failures and debugging. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("SqlTokens[");
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(KINDS[kinds[i]]).append(':').append(source, starts[i], ends[i]);
    }
    return sb.append(']').toString();
  }
}
