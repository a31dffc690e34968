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
  /** Words that are never column references in the expressions JSqlParser prints. */
  private static final Set<String> KEYWORDS = Set.of(
      "select", "from", "where", "and", "or", "not", "null", "true", "false", "case", "when", "then", "else",
      "end", "as", "is", "in", "like", "ilike", "between", "distinct", "all", "any", "exists", "cast",
      "try_cast", "interval", "over", "partition", "by", "order", "asc", "desc", "nulls", "first", "last",
      "rows", "range", "groups", "unbounded", "preceding", "following", "current", "row", "filter", "within",
      "group", "limit", "offset", "fetch", "next", "only", "escape", "similar", "to", "collate", "at", "time",
      "zone", "date", "timestamp", "integer", "int", "bigint", "smallint", "tinyint", "hugeint", "decimal",
      "numeric", "double", "real", "float", "varchar", "char", "text", "boolean", "bool", "blob", "uuid", "json",
      "precision", "varying", "character", "with", "without", "day", "days", "month", "months", "year", "years",
      "hour", "hours", "minute", "minutes", "second", "seconds", "week", "weeks", "quarter", "epoch", "dow",
      "doy", "using", "on", "having", "qualify", "window", "exclude", "replace", "rename", "struct", "map",
      "list", "array", "union", "except", "intersect", "extract", "leading", "trailing", "both", "substring",
      "position", "overlay", "placing", "for", "ties", "others", "no", "ignore", "respect", "lateral", "unnest",
      "ordinality", "semi", "anti", "asof", "positional", "natural", "join", "inner", "left", "right", "full",
      "outer", "cross", "isnull", "notnull", "glob", "default", "unknown", "some", "ever", "columns");

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
        boolean syntax = parts.size() == 1 && kind == TokenKind.WORD && KEYWORDS.contains(last);
        if (!windowed && !syntax && unknownCall == null) {
          unknownCall = FunctionKinds.unknown(parts); // IN (, CAST(, DECIMAL(: the grammar's, not a function
        }
      } else if (!(parts.size() == 1 && kind == TokenKind.WORD && KEYWORDS.contains(last))) {
        identifiers.add(parts);
      }
    }
    return new Expr(text, identifiers, stars, List.of(), aggregates, setReturning, opaque, unknownCall);
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
