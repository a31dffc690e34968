package dev.venv.sql;

/**
 * What a token in {@link SqlTokens} is. Whitespace is never a token; comments are, so that
 * callers can decide for themselves whether to skip them.
 */
public enum TokenKind {
  /** An unquoted identifier or keyword; the lexer does not tell the two apart. */
  WORD,
  /** A double-quoted identifier ({@code "x"}, {@code U&"x"}), quotes included. */
  QUOTED_IDENTIFIER,
  /**
   * A string constant, quotes and prefix included: {@code 'x'}, {@code E'x'}, {@code X'1F'},
   * {@code B'01'}, {@code N'x'}, {@code U&'x'}, or a dollar-quoted {@code $tag$x$tag$}.
   */
  STRING,
  /** A numeric constant: {@code 1}, {@code 1.5}, {@code .5}, {@code 1e-3}, {@code 1_000}, {@code 0x1F}. */
  NUMBER,
  /** A bind parameter: {@code ?}, {@code $1} or {@code $name}. */
  PARAMETER,
  /** A {@code .} that is not part of a number: the separator of qualified names. */
  DOT,
  /** Any other punctuation or operator, including {@code ::}, {@code ;}, {@code ,} and brackets. */
  OPERATOR,
  /** A {@code --} line comment (without its line break) or a possibly nested block comment. */
  COMMENT
}
