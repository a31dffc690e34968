package dev.venv.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class SqlLexerTest {

  /** Renders tokens as KIND:text, which makes expectations readable. */
  private static List<String> lex(String sql, SqlDialect dialect) {
    SqlTokens tokens = SqlLexer.lex(sql, dialect);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      assertEquals(tokens.text(i), sql.substring(tokens.start(i), tokens.end(i)));
      out.add(tokens.kind(i) + ":" + tokens.text(i));
    }
    return out;
  }

  private static List<String> lex(String sql) {
    return lex(sql, SqlDialect.DUCKDB);
  }

  @Test
  void wordsDotsAndPunctuation() {
    assertEquals(List.of("WORD:SELECT", "WORD:a", "DOT:.", "WORD:b", "OPERATOR:,", "WORD:c",
            "WORD:FROM", "WORD:s", "DOT:.", "WORD:t", "OPERATOR:;"),
        lex("SELECT a.b, c\n\tFROM s.t;"));
    assertEquals(List.of("OPERATOR:(", "OPERATOR:[", "NUMBER:1", "OPERATOR:]", "OPERATOR:{",
            "STRING:'a'", "OPERATOR::", "NUMBER:2", "OPERATOR:}", "OPERATOR:)"),
        lex("([1]{'a':2})"));
  }

  @Test
  void whitespaceIsNotAToken() {
    assertEquals(List.of(), lex(" \t\r\n\f"));
    assertEquals(0, SqlLexer.lex("", SqlDialect.POSTGRES).size());
  }

  @Test
  void identifiersMayHoldDigitsUnderscoresDollarsAndNonAscii() {
    assertEquals(List.of("WORD:_a1$b", "WORD:naïve", "WORD:表名", "DOT:.", "WORD:Größe"),
        lex("_a1$b naïve 表名.Größe"));
    // $ cannot start an identifier: that is a parameter.
    assertEquals(List.of("WORD:a$$b", "PARAMETER:$x"), lex("a$$b $x"));
  }

  @Test
  void singleQuotedStringsDoubleTheirQuotes() {
    assertEquals(List.of("STRING:'it''s'", "STRING:''", "STRING:'a\\'", "WORD:b"),
        lex("'it''s' '' 'a\\' b"));
    assertEquals(List.of("STRING:'-- not /* a comment'"), lex("'-- not /* a comment'"));
  }

  @Test
  void escapeStringsUseBackslashes() {
    assertEquals(List.of("STRING:E'it\\'s'", "STRING:e'a\\\\'", "STRING:E'x''y'", "WORD:z"),
        lex("E'it\\'s' e'a\\\\' E'x''y' z"));
    // E only prefixes a string as a token of its own.
    assertEquals(List.of("WORD:xe", "STRING:'a'"), lex("xe'a'"));
    assertEquals(List.of("WORD:E", "STRING:'a\\'", "WORD:b"), lex("E 'a\\' b"));
  }

  @Test
  void prefixedStrings() {
    assertEquals(List.of("STRING:X'1F'", "STRING:b'0101'", "STRING:N'x'", "STRING:U&'d\\0061t'",
            "QUOTED_IDENTIFIER:U&\"d\\0061t\""),
        lex("X'1F' b'0101' N'x' U&'d\\0061t' U&\"d\\0061t\""));
    assertEquals(List.of("WORD:U", "OPERATOR:&", "WORD:x"), lex("U&x"));
  }

  @Test
  void quotedIdentifiersDoubleTheirQuotes() {
    assertEquals(List.of("QUOTED_IDENTIFIER:\"a\"\"b\"", "DOT:.", "QUOTED_IDENTIFIER:\"It's\""),
        lex("\"a\"\"b\".\"It's\""));
  }

  @Test
  void dollarQuotedStringsVersusParameters() {
    assertEquals(List.of("STRING:$$it's $1 'x' -- $$", "PARAMETER:$1", "PARAMETER:$12"),
        lex("$$it's $1 'x' -- $$ $1 $12"));
    assertEquals(List.of("STRING:$fn$ a $$ b $f$ c $fn$", "WORD:d"), lex("$fn$ a $$ b $f$ c $fn$ d"));
    assertEquals(List.of("STRING:$_1$x$_1$"), lex("$_1$x$_1$"));
    // A name not followed by $ is not a tag but a named parameter.
    assertEquals(List.of("PARAMETER:$name", "OPERATOR:,", "PARAMETER:$n2"), lex("$name, $n2"));
    // A tag cannot start with a digit.
    assertEquals(List.of("PARAMETER:$1", "WORD:a$"), lex("$1a$"));
    assertEquals(List.of("OPERATOR:$", "OPERATOR:+"), lex("$ +"));
  }

  @Test
  void questionMarksAreParameters() {
    assertEquals(List.of("WORD:a", "OPERATOR:=", "PARAMETER:?", "WORD:and", "WORD:b", "OPERATOR:>",
        "PARAMETER:?"), lex("a=? and b>?"));
    assertEquals(List.of("PARAMETER:?", "PARAMETER:?"), lex("??", SqlDialect.DUCKDB));
    // pgjdbc reads ?? as an escaped ? operator, not two parameters.
    assertEquals(List.of("WORD:j", "OPERATOR:??", "STRING:'k'"), lex("j ?? 'k'", SqlDialect.POSTGRES));
  }

  @Test
  void lineComments() {
    assertEquals(List.of("WORD:a", "COMMENT:-- x 'y", "WORD:b", "COMMENT:--", "WORD:c", "COMMENT:--z"),
        lex("a -- x 'y\nb --\r\nc --z"));
  }

  @Test
  void blockCommentsNest() {
    assertEquals(List.of("WORD:a", "COMMENT:/* 1 /* 2 */ still 3 */", "WORD:b"),
        lex("a /* 1 /* 2 */ still 3 */ b"));
    assertEquals(List.of("COMMENT:/*/ x */"), lex("/*/ x */"));
    assertEquals(List.of("COMMENT:/* ' \" $$ -- */", "WORD:x"), lex("/* ' \" $$ -- */x"));
  }

  @Test
  void castsAndMultiCharOperators() {
    assertEquals(List.of("WORD:x", "OPERATOR:::", "WORD:int", "OPERATOR:<=", "OPERATOR:>=", "OPERATOR:<>",
            "OPERATOR:!=", "OPERATOR:||", "OPERATOR:->", "OPERATOR:->>", "OPERATOR:=>",
            "OPERATOR:**", "OPERATOR://", "OPERATOR::=", "OPERATOR::"),
        lex("x::int <= >= <> != || -> ->> => ** // := :"));
    assertEquals(List.of("WORD:a", "OPERATOR:@>", "WORD:b", "OPERATOR:#>>", "WORD:c", "OPERATOR:!~~*",
        "WORD:d"), lex("a@>b#>>c!~~*d"));
  }

  @Test
  void operatorsFollowThePostgresTrailingSignRule() {
    assertEquals(List.of("WORD:a", "OPERATOR:=", "OPERATOR:-", "NUMBER:1"), lex("a=-1"));
    assertEquals(List.of("WORD:a", "OPERATOR:<", "OPERATOR:-", "NUMBER:1"), lex("a<-1"));
    assertEquals(List.of("WORD:a", "OPERATOR:@-", "NUMBER:1"), lex("a@-1"));
    // A comment start ends an operator.
    assertEquals(List.of("WORD:a", "OPERATOR:+", "COMMENT:--b", "WORD:c", "OPERATOR:*", "COMMENT:/**/"),
        lex("a+--b\nc*/**/"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1|1", "1.5|1.5", ".5|.5", "1e-3|1e-3", "1.5E+10|1.5E+10", ".5e3|.5e3", "1_000|1_000",
      "1_000.000_1|1_000.000_1", "0x1F|0x1F", "0X_ff|0X_ff", "0o17|0o17", "0b1010|0b1010", "1.|1.",
      "1.e5|1.e5"})
  void numbers(String sql, String number) {
    assertEquals(List.of("NUMBER:" + number), lex(sql));
  }

  @Test
  void numbersStopWhereTheyMust() {
    assertEquals(List.of("NUMBER:1", "WORD:e"), lex("1e"));
    assertEquals(List.of("NUMBER:1", "WORD:_000"), lex("1 _000"));
    assertEquals(List.of("NUMBER:1", "WORD:_"), lex("1_"));
    assertEquals(List.of("NUMBER:0", "WORD:xg"), lex("0xg"));
    assertEquals(List.of("NUMBER:1", "DOT:.", "NUMBER:.2"), lex("1..2"));
    assertEquals(List.of("WORD:t", "DOT:.", "WORD:c1"), lex("t.c1"));
    assertEquals(List.of("WORD:s", "DOT:.", "OPERATOR:*"), lex("s.*"));
  }

  @Test
  void unterminatedConstructsRunToTheEnd() {
    assertUnterminated("SELECT 'abc", 7, "STRING:'abc");
    assertUnterminated("SELECT 'it''s", 7, "STRING:'it''s");
    assertUnterminated("SELECT E'a\\'", 7, "STRING:E'a\\'");
    assertUnterminated("SELECT \"ab", 7, "QUOTED_IDENTIFIER:\"ab");
    assertUnterminated("SELECT /* a /* b */ c", 7, "COMMENT:/* a /* b */ c");
    assertUnterminated("SELECT $t$ a $$ b", 7, "STRING:$t$ a $$ b");
    assertUnterminated("SELECT $$", 7, "STRING:$$");
    assertEquals(-1, SqlLexer.lex("SELECT 'a' -- 'b", SqlDialect.DUCKDB).unterminatedAt());
  }

  private static void assertUnterminated(String sql, int at, String lastToken) {
    List<String> tokens = lex(sql);
    assertEquals(List.of("WORD:SELECT", lastToken), tokens);
    assertEquals(at, SqlLexer.lex(sql, SqlDialect.POSTGRES).unterminatedAt());
  }

  @Test
  void lineNumbers() {
    String sql = "a\nb\r\nc\rd\n";
    SqlTokens tokens = SqlLexer.lex(sql, SqlDialect.DUCKDB);
    assertEquals(1, tokens.lineOf(0));
    assertEquals(1, tokens.lineOf(1));
    assertEquals(2, tokens.lineOf(2));
    assertEquals(2, tokens.lineOf(4));
    assertEquals(3, tokens.lineOf(5));
    assertEquals(4, tokens.lineOf(7));
    assertEquals(5, tokens.lineOf(sql.length()));
    assertEquals(4, tokens.lineOf(tokens.start(3)));
    assertThrows(IndexOutOfBoundsException.class, () -> tokens.lineOf(-1));
    assertThrows(IndexOutOfBoundsException.class, () -> tokens.lineOf(sql.length() + 1));
  }

  @Test
  void accessorsCheckTheIndex() {
    SqlTokens tokens = SqlLexer.lex("a b", SqlDialect.DUCKDB);
    assertEquals(2, tokens.size());
    assertEquals("a b", tokens.source());
    assertThrows(IndexOutOfBoundsException.class, () -> tokens.kind(2));
    assertThrows(IndexOutOfBoundsException.class, () -> tokens.start(-1));
  }

  @Test
  void manyTokensGrowTheArrays() {
    String sql = "a,".repeat(10_000);
    SqlTokens tokens = SqlLexer.lex(sql, SqlDialect.DUCKDB);
    assertEquals(20_000, tokens.size());
    assertEquals(TokenKind.OPERATOR, tokens.kind(19_999));
    assertEquals(sql.length(), tokens.end(19_999));
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void dialectsAgreeOnEverythingButTheDoubleQuestionMark(SqlDialect dialect) {
    String sql = "SELECT E'\\'' AS \"q\"\"\", $$x$$, $1, ?, a::int /* /* */ */ FROM s.t -- end";
    assertEquals(lex(sql, SqlDialect.DUCKDB), lex(sql, dialect));
  }
}
