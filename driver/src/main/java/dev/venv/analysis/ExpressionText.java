package dev.venv.analysis;

import dev.venv.analysis.QueryTree.Expr;
import dev.venv.sql.SqlDialect;
import dev.venv.sql.SqlLexer;
import dev.venv.sql.SqlTokens;
import dev.venv.sql.TokenKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What an expression reads, from its text: each dotted name that is not a function call or a
 * keyword is a column reference. It may see more than is read (a type name in a cast is taken for
 * a column), never less; a query inside the text makes it opaque: it may read anything in scope.
 */
final class ExpressionText {
  /**
   * Words that are never column references in the expressions JSqlParser prints: reserved on DuckDB
   * and PostgreSQL (a column so named must be quoted), or syntax only.
   */
  private static final Set<String> KEYWORDS = Set.of(
      "select", "from", "where", "and", "or", "not", "null", "true", "false", "case", "when", "then", "else",
      "end", "as", "is", "in", "like", "ilike", "distinct", "all", "any", "cast", "order", "asc", "desc", "group",
      "limit", "offset", "fetch", "only", "similar", "to", "collate", "with", "using", "on", "having", "window",
      "union", "except", "intersect", "leading", "trailing", "both", "placing", "for", "lateral", "natural",
      "join", "inner", "left", "right", "full", "outer", "cross", "isnull", "notnull", "some");

  /**
   * Syntax words that DuckDB or PostgreSQL also take for a column's name unquoted ({@code partition},
   * {@code filter}, {@code escape}…): a keyword only where {@link #syntaxHere} finds the syntax
   * around it, otherwise a column; before {@code (} never a function of unknown kind. Apart from
   * {@link #CONTEXTUAL} because syntax never ends an operand ({@link #operandEnds}), where a type
   * or an interval's unit does: {@code '1'::date BETWEEN}, {@code INTERVAL 1 DAY BETWEEN}.
   */
  private static final Set<String> SYNTAX_OR_COLUMN = Set.of(
      "between", "glob", "escape", "over", "filter", "within", "partition", "by", "nulls", "unbounded",
      "preceding", "following", "exclude", "replace", "extract", "exists", "try_cast", "interval", "unnest",
      "without", "ties", "qualify", "semi", "anti", "asof", "positional");

  /**
   * Words that are keywords in some places and plausible column names in others ({@code year},
   * {@code date}, {@code first}): a keyword only where the text around says so — a type after
   * {@code AS} or {@code ::} or before a string ({@code DATE '2024-01-01'}), an interval's unit
   * after a number or string, {@code EXTRACT(year FROM …)}, {@code AT TIME ZONE}, {@code NULLS
   * FIRST}, a window frame's {@code CURRENT ROW}, a map literal ({@code MAP {…}}), a type's second
   * word ({@code DOUBLE PRECISION}); elsewhere a column (a call, {@code year(d)}, is read as one). Taking a keyword for a column over-states what is read, never misses it.
   */
  private static final Set<String> CONTEXTUAL = Set.of(
      "date", "time", "timestamp", "integer", "int", "bigint", "smallint", "tinyint", "hugeint", "decimal", "numeric",
      "double", "real", "float", "varchar", "char", "text", "boolean", "bool", "blob", "uuid", "json", "precision",
      "varying", "character", "day", "days", "month", "months", "year", "years", "hour", "hours", "minute",
      "minutes", "second", "seconds", "week", "weeks", "quarter", "epoch", "dow", "doy", "first", "last", "next",
      "row", "rows", "range", "groups", "current", "zone", "at", "struct", "map", "list", "array", "rename",
      "ordinality", "no", "others", "ignore", "respect", "default", "unknown", "ever", "columns", "substring",
      "position", "overlay", "key");

  /** Words after which a {@link #CONTEXTUAL} word is a keyword: {@code NULLS FIRST}, {@code AT TIME ZONE}... */
  private static final Set<String> PRECEDES_A_KEYWORD = Set.of("nulls", "current", "at", "time", "double",
      "character", "fetch", "with", "without", "ignore", "respect", "no", "exclude");

  /**
   * Words before which a {@link #CONTEXTUAL} word is a keyword: {@code DOUBLE PRECISION}, {@code AT
   * TIME}, {@code INTERVAL '1' YEAR TO MONTH}... (never {@code NULLS}: {@code ORDER BY year NULLS
   * FIRST} names a column).
   */
  private static final Set<String> FOLLOWS_A_KEYWORD = Set.of("precision", "varying", "zone", "time", "row",
      "ordinality", "others", "to");

  /** A window frame's units, keywords only before how the frame starts. */
  private static final Set<String> FRAME_UNITS = Set.of("rows", "range", "groups");

  private static final Set<String> FRAME_STARTS = Set.of("between", "unbounded", "current");

  private ExpressionText() {}

  static Expr read(String text) {
    SqlTokens tokens = SqlLexer.lex(text, SqlDialect.DUCKDB);
    List<List<String>> identifiers = new ArrayList<>();
    List<String> stars = new ArrayList<>();
    boolean aggregates = false;
    boolean setReturning = false;
    boolean opaque = false;
    String unknownCall = null;
    int n = tokens.size();
    for (int i = 0; i < n; i++) {
      TokenKind kind = tokens.kind(i);
      String t = tokens.text(i);
      if (kind == TokenKind.OPERATOR) {
        continue;
      }
      if (kind != TokenKind.WORD && kind != TokenKind.QUOTED_IDENTIFIER) {
        continue;
      }
      List<String> parts = new ArrayList<>();
      parts.add(name(kind, t));
      int j = i;
      boolean star = false;
      while (j + 2 < n + 1 && j + 1 < n && tokens.kind(j + 1) == TokenKind.DOT && j + 2 < n) {
        TokenKind k = tokens.kind(j + 2);
        if (k == TokenKind.WORD || k == TokenKind.QUOTED_IDENTIFIER) {
          parts.add(name(k, tokens.text(j + 2)));
          j += 2;
        } else if (k == TokenKind.OPERATOR && tokens.text(j + 2).equals("*")) {
          star = true;
          j += 2;
          break;
        } else {
          break;
        }
      }
      boolean call = j + 1 < n && tokens.kind(j + 1) == TokenKind.OPERATOR && tokens.text(j + 1).equals("(");
      String last = parts.get(parts.size() - 1);
      boolean typeName = i > 0 && (tokens.kind(i - 1) == TokenKind.WORD && tokens.text(i - 1).equalsIgnoreCase("as")
          || tokens.kind(i - 1) == TokenKind.OPERATOR && tokens.text(i - 1).equals("::"));
      i = j;
      if (typeName) {
        continue; // CAST(a AS BIT(8)), a::bit(8): a type with its arguments, no call and no column
      }
      if (star) {
        stars.add(String.join(".", parts));
      } else if (parts.size() == 1 && kind == TokenKind.WORD && last.equals("select")) {
        opaque = true;
      } else if (call) {
        if (parts.size() > 1) {
          identifiers.add(parts.subList(0, parts.size() - 1)); // DuckDB's grp.upper(): upper(grp)
        }
        if (last.equals("columns")) {
          stars.add(""); // DuckDB's COLUMNS(...) picks columns by name or pattern: it may read any
        }
        boolean windowed = windowed(tokens, j + 1);
        if (FunctionKinds.aggregate(last) && !windowed) {
          aggregates = true; // SUM(SUM(a)) OVER (): the inner SUM makes it an aggregate query
        }
        if (FunctionKinds.setReturning(last)) {
          setReturning = true;
        }
        boolean syntax = parts.size() == 1 && kind == TokenKind.WORD
            && (KEYWORDS.contains(last) || SYNTAX_OR_COLUMN.contains(last));
        if (!windowed && !syntax && unknownCall == null) {
          unknownCall = FunctionKinds.unknown(parts); // IN (, CAST(, DECIMAL(: the grammar's, not a function
        }
      } else if (!(parts.size() == 1 && kind == TokenKind.WORD
          && (syntaxAt(tokens, i) || CONTEXTUAL.contains(last) && keywordHere(tokens, i)))) {
        identifiers.add(parts);
      }
    }
    return new Expr(text, identifiers, stars, List.of(), aggregates, setReturning, opaque, unknownCall);
  }

  /**
   * Whether the {@link #SYNTAX_OR_COLUMN} word at {@code i} is syntax where it stands: an infix
   * word ({@code BETWEEN}, {@code GLOB}, {@code ESCAPE}) after an operand, {@code OVER} after a
   * call, {@code PARTITION BY}, {@code WITHIN GROUP}, {@code NULLS FIRST}, a frame's {@code
   * UNBOUNDED PRECEDING} or {@code 1 FOLLOWING}, {@code EXCLUDE CURRENT ROW}, {@code WITH TIES},
   * {@code WITHOUT TIME ZONE}, {@code INTERVAL '1' DAY}. Anywhere else it names a column: when in
   * doubt, a column, which over-states what is read and never misses it.
   */
  private static boolean syntaxHere(SqlTokens tokens, int i) {
    String prev = word(tokens, i - 1);
    String next = word(tokens, i + 1);
    return switch (tokens.text(i).toLowerCase(Locale.ROOT)) {
      case "between", "glob" -> operandEnds(tokens, i - 1) || prev.equals("not") && operandEnds(tokens, i - 2);
      case "escape" -> operandEnds(tokens, i - 1);
      case "over" -> i > 0 && tokens.kind(i - 1) == TokenKind.OPERATOR && tokens.text(i - 1).equals(")");
      case "partition" -> next.equals("by");
      case "by" -> (prev.equals("partition") || prev.equals("order") || prev.equals("group")) && syntaxAt(tokens, i - 1);
      case "within" -> next.equals("group");
      case "nulls" -> next.equals("first") || next.equals("last");
      case "unbounded" -> next.equals("preceding") || next.equals("following");
      case "preceding", "following" -> prev.equals("unbounded") || operandEnds(tokens, i - 1);
      case "exclude" -> next.equals("current") || next.equals("group") || next.equals("ties") || next.equals("no");
      case "ties" -> prev.equals("with") || prev.equals("exclude");
      case "without" -> next.equals("time");
      case "interval" -> i + 1 < tokens.size() && (tokens.kind(i + 1) == TokenKind.STRING
          || tokens.kind(i + 1) == TokenKind.NUMBER || tokens.kind(i + 1) == TokenKind.PARAMETER);
      default -> false; // replace, extract, exists…: syntax only before "(", a column otherwise
    };
  }

  /** Whether the word at {@code i} is syntax there: a keyword, or a {@link #SYNTAX_OR_COLUMN} word in its syntax. */
  private static boolean syntaxAt(SqlTokens tokens, int i) {
    String w = word(tokens, i);
    return KEYWORDS.contains(w) || SYNTAX_OR_COLUMN.contains(w) && syntaxHere(tokens, i);
  }

  /**
   * Whether token {@code i} can end an operand, so that an infix word may follow it: a constant, a
   * parameter, a quoted name, a closing bracket, or a word that is no syntax there (a column, a
   * type, an interval's unit).
   */
  private static boolean operandEnds(SqlTokens tokens, int i) {
    if (i < 0) {
      return false;
    }
    return switch (tokens.kind(i)) {
      case NUMBER, STRING, PARAMETER, QUOTED_IDENTIFIER -> true;
      case OPERATOR -> tokens.text(i).equals(")") || tokens.text(i).equals("]");
      case WORD -> !syntaxAt(tokens, i);
      default -> false;
    };
  }

  /** The word at {@code i} in lower case; "" for any other token or none. */
  private static String word(SqlTokens tokens, int i) {
    return i >= 0 && i < tokens.size() && tokens.kind(i) == TokenKind.WORD
        ? tokens.text(i).toLowerCase(Locale.ROOT) : "";
  }

  /** Whether the {@link #CONTEXTUAL} word at {@code i} is a keyword where it stands (see there). */
  private static boolean keywordHere(SqlTokens tokens, int i) {
    int n = tokens.size();
    TokenKind before = i > 0 ? tokens.kind(i - 1) : null;
    String prev = before == null ? "" : tokens.text(i - 1).toLowerCase(Locale.ROOT);
    TokenKind after = i + 1 < n ? tokens.kind(i + 1) : null;
    String next = after == null ? "" : tokens.text(i + 1).toLowerCase(Locale.ROOT);
    String word = tokens.text(i).toLowerCase(Locale.ROOT);
    if (FRAME_UNITS.contains(word)) {
      // ROWS BETWEEN, RANGE UNBOUNDED PRECEDING, ROWS 2 PRECEDING: a window frame's unit
      return after == TokenKind.WORD && FRAME_STARTS.contains(next) || after == TokenKind.NUMBER;
    }
    return before == TokenKind.STRING || before == TokenKind.NUMBER // INTERVAL '1' DAY, INTERVAL 2 DAYS
        || after == TokenKind.STRING // DATE '2024-01-01'
        || prev.equals("as") || prev.equals("::") // a type
        || after == TokenKind.OPERATOR && next.equals("{") // MAP {…}
        || after == TokenKind.WORD && FOLLOWS_A_KEYWORD.contains(next) // DOUBLE PRECISION, AT TIME ZONE
        || next.equals("from") && i >= 2 && tokens.text(i - 1).equals("(")
            && tokens.text(i - 2).equalsIgnoreCase("extract") // EXTRACT(year FROM …), not substring(text FROM 2)
        || before == TokenKind.WORD && PRECEDES_A_KEYWORD.contains(prev); // NULLS FIRST, CURRENT ROW, AT TIME ZONE
  }

  /** Whether the call whose {@code (} is token {@code open} is followed by {@code OVER}: a window, not an aggregate. */
  private static boolean windowed(SqlTokens tokens, int open) {
    int depth = 0;
    for (int i = open; i < tokens.size(); i++) {
      if (tokens.kind(i) == TokenKind.OPERATOR && tokens.text(i).equals("(")) {
        depth++;
      } else if (tokens.kind(i) == TokenKind.OPERATOR && tokens.text(i).equals(")") && --depth == 0) {
        int next = i + 1;
        if (next < tokens.size() && tokens.kind(next) == TokenKind.WORD
            && tokens.text(next).equalsIgnoreCase("filter")) {
          return false; // an aggregate with a filter; a windowed one would be rare enough to call aggregate
        }
        return next < tokens.size() && tokens.kind(next) == TokenKind.WORD && tokens.text(next).equalsIgnoreCase("over");
      }
    }
    return false;
  }

  private static String name(TokenKind kind, String text) {
    if (kind == TokenKind.QUOTED_IDENTIFIER && text.length() >= 2) {
      return text.substring(1, text.length() - 1).replace("\"\"", "\"").toLowerCase(Locale.ROOT);
    }
    return text.toLowerCase(Locale.ROOT);
  }
}
