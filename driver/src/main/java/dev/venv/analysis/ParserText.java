package dev.venv.analysis;

import dev.venv.sql.SqlDialect;
import dev.venv.sql.SqlLexer;
import dev.venv.sql.SqlTokens;
import dev.venv.sql.TokenKind;

/**
 * A model query as Calcite and JSqlParser are given it: cut into tokens by venv's lexer, which
 * follows the backends' rules, so that the parsers cannot see a different query than the backend
 * runs. Their lexers differ from the backends' on strings and comments: a dollar-quoted string
 * ({@code $x$--$x$}), an escape string ({@code E'\''}), a backslash in a plain string or a nested
 * block comment can make a parser take a stretch of the query for a comment that the backend reads
 * (a column read there would be read by no one). So every comment becomes blanks and every string
 * becomes a plain {@code '…'} whose quotes and backslashes are blanked out too; a string's content
 * never names a column. Offsets and line breaks stay where they were, for positions read back from
 * the text (a select item's label as written).
 */
record ParserText(String text, String unreadable) {

  /**
   * {@code query} lexed once: why no parser can be trusted with it though one may accept it
   * ({@link #unreadable}), else its text for the parsers ({@link #text}; {@code null} when unreadable).
   */
  static ParserText of(String query) {
    SqlTokens tokens = SqlLexer.lex(query, SqlDialect.DUCKDB);
    String unreadable = whyUnreadable(tokens);
    return new ParserText(unreadable == null ? text(query, tokens) : null, unreadable);
  }

  private static String whyUnreadable(SqlTokens tokens) {
    if (tokens.unterminatedAt() >= 0) {
      return "a string, quoted name or comment is not closed";
    }
    for (int i = 0; i < tokens.size(); i++) {
      // DuckDB's integer division: both parsers read it as a line comment, so whatever follows it
      // on its line would go unseen. No backend venv supports gives // another meaning.
      if (tokens.kind(i) == TokenKind.OPERATOR && tokens.text(i).contains("//")) {
        return "it uses // (DuckDB's integer division), which both parsers read as a comment";
      }
    }
    return null;
  }

  /** {@code query} with comments blanked and strings in the one spelling every parser reads alike. */
  private static String text(String query, SqlTokens tokens) {
    char[] text = new char[query.length()];
    for (int c = 0; c < text.length; c++) {
      char original = query.charAt(c);
      text[c] = original == '\n' || original == '\r' ? original : ' ';
    }
    for (int i = 0; i < tokens.size(); i++) {
      int start = tokens.start(i);
      int end = tokens.end(i);
      switch (tokens.kind(i)) {
        case COMMENT -> { } // stays blank
        case STRING -> plainString(query, start, end, text);
        default -> query.getChars(start, end, text, start);
      }
    }
    return new String(text);
  }

  /**
   * Writes the string constant at {@code [start, end)} as {@code '…'} over the same span: its
   * prefix and delimiters ({@code E'}, {@code $tag$}) become the quotes and blanks, and each quote
   * or backslash inside becomes {@code _}, so no parser's escape rules can end it elsewhere.
   * Line breaks inside stay, keeping later lines where they were.
   */
  private static void plainString(String query, int start, int end, char[] text) {
    int open;
    int close;
    if (query.charAt(start) == '$') {
      int tagEnd = query.indexOf('$', start + 1);
      open = tagEnd;
      close = end - (tagEnd - start + 1);
    } else {
      open = query.indexOf('\'', start);
      close = end - 1;
    }
    text[open] = '\'';
    for (int c = open + 1; c < close; c++) {
      char ch = query.charAt(c);
      text[c] = ch == '\'' || ch == '\\' ? '_' : ch;
    }
    text[close] = '\'';
  }
}
