package dev.venv.analysis;

import dev.venv.sql.SqlDialect;
import dev.venv.sql.SqlLexer;
import dev.venv.sql.SqlTokens;
import dev.venv.sql.TokenKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A model query as written, in venv's own tokens: what two versions of it differ in. A parser's
 * re-printing is no measure of that — Calcite prints {@code v * 3 ^ 2} and {@code (v * 3) ^ 2}
 * alike (its precedence is not the backend's), drops the dot of {@code 2.} (another type) and folds
 * {@code É} to {@code "é"} — so a change is judged on these tokens, exactly as written but for
 * comments, spacing and the case of unquoted ASCII letters (which only DuckDB's output labels keep,
 * and those are compared on their own), and the parsers only say what the tokens mean.
 *
 * <p>The outer select list is found by its tokens: the first {@code SELECT} outside brackets,
 * its items split at commas outside brackets, up to the first clause keyword outside them. Where
 * that cannot be found (a set operation's branches, {@code FROM}-first syntax without
 * {@code SELECT}), {@link #items} is {@code null} and only an unchanged text is unchanged.
 */
final class SourceText {
  /** What ends the outer select list, outside brackets. */
  private static final Set<String> CLAUSES = Set.of("from", "where", "group", "having", "qualify", "window",
      "order", "limit", "offset", "fetch", "union", "except", "intersect", "into", "using");

  /** Words that make which rows there are, or what they hold, follow the order rows are read in. */
  private static final Set<String> ROW_COUNT_BY_ORDER = Set.of("limit", "offset", "fetch", "tablesample", "sample");

  /**
   * Functions whose result follows the order of their input rows (ties of an {@code ORDER BY}
   * included): concatenating aggregates, {@code ARRAY(subquery)}, first/last picks, sampling
   * quantiles, and the window functions that number or reach across rows.
   */
  private static final Set<String> ORDER_SENSITIVE = Set.of("string_agg", "array_agg", "list", "group_concat",
      "listagg", "json_agg", "jsonb_agg", "json_group_array", "json_group_object", "json_object_agg",
      "jsonb_object_agg", "xmlagg", "first", "last", "any_value", "arbitrary", "arg_min", "arg_max", "argmin",
      "argmax", "arg_min_null", "arg_max_null", "arg_min_nulls_last", "arg_max_nulls_last", "min_by", "max_by", "mode", "row_number", "first_value", "last_value", "nth_value", "lag", "lead",
      "ntile", "array_agg_distinct", "string_agg_distinct", "array", "approx_quantile", "reservoir_quantile",
      "approx_top_k");

  /** A quoted name an unquoted word spells alike: lower case ASCII letters, digits and underscores. */
  private static final java.util.regex.Pattern PLAIN_LOWER_NAME = java.util.regex.Pattern.compile("\"[a-z_][a-z0-9_]*\"");

  private final List<String> tokens;
  private final int listStart;
  private final int listEnd;
  private final List<int[]> items;
  private final String rowOrder;

  private SourceText(List<String> tokens, int listStart, int listEnd, List<int[]> items, String rowOrder) {
    this.tokens = tokens;
    this.listStart = listStart;
    this.listEnd = listEnd;
    this.items = items;
    this.rowOrder = rowOrder;
  }

  static SourceText of(String query) {
    SqlTokens lexed = SqlLexer.lex(query, SqlDialect.DUCKDB);
    List<String> tokens = new ArrayList<>();
    List<TokenKind> kinds = new ArrayList<>();
    for (int i = 0; i < lexed.size(); i++) {
      if (lexed.kind(i) != TokenKind.COMMENT) {
        tokens.add(canonical(lexed.kind(i), lexed.text(i)));
        kinds.add(lexed.kind(i));
      }
    }
    while (!tokens.isEmpty() && tokens.get(tokens.size() - 1).equals(";")) {
      tokens.remove(tokens.size() - 1); // a model file's closing semicolon is no part of the query
      kinds.remove(kinds.size() - 1);
    }
    int start = -1;
    int end = -1;
    List<int[]> items = null;
    int depth = 0;
    for (int i = 0; i < tokens.size() && start < 0; i++) {
      depth += nesting(kinds.get(i), tokens.get(i));
      if (depth == 0 && word(kinds, tokens, i, "select")) {
        start = i + 1;
      }
    }
    if (start > 0) {
      if (word(kinds, tokens, start, "all")) {
        start++;
      } else if (word(kinds, tokens, start, "distinct")) {
        start++;
        if (word(kinds, tokens, start, "on")) {
          start = closing(kinds, tokens, start + 1) + 1; // DISTINCT ON (...): part of what decides the rows
        }
      }
      items = new ArrayList<>();
      int itemStart = start;
      depth = 0;
      end = tokens.size();
      for (int i = start; i < tokens.size(); i++) {
        String t = tokens.get(i);
        depth += nesting(kinds.get(i), t);
        if (depth < 0) {
          end = i; // the select of a parenthesised query: what follows is not its list
          break;
        }
        if (depth == 0 && kinds.get(i) == TokenKind.WORD && CLAUSES.contains(lower(t)) && !partOfAnExpression(kinds,
            tokens, i)) {
          end = i;
          break;
        }
        if (depth == 0 && kinds.get(i) == TokenKind.OPERATOR && t.equals(",")) {
          items.add(new int[] {itemStart, i});
          itemStart = i + 1;
        }
      }
      items.add(new int[] {itemStart, end});
      if (items.stream().anyMatch(r -> r[0] >= r[1])) {
        items = null; // an empty item: not a list this reading understands
      }
    }
    return new SourceText(List.copyOf(tokens), start, end, items == null ? null : List.copyOf(items),
        rowOrder(kinds, tokens));
  }

  /** Whether both are the same text, spacing and comments aside. */
  boolean sameAs(SourceText other) {
    return tokens.equals(other.tokens);
  }

  /** The outer select list's items, each as written; {@code null} when it was not found. */
  List<String> items() {
    if (items == null) {
      return null;
    }
    return items.stream().map(r -> String.join(" ", tokens.subList(r[0], r[1]))).toList();
  }

  /** Everything but the outer select list's items, as written; {@code null} when that list was not found. */
  String frame() {
    if (items == null) {
      return null;
    }
    return String.join(" ", tokens.subList(0, listStart)) + " \u0000 " + String.join(" ",
        tokens.subList(listEnd, tokens.size()));
  }

  /**
   * Why the query's rows depend on the order it reads its tables' rows in, or {@code null}: then
   * a parent rebuilt with the same rows in another order gives it other rows, and so may a rebuild
   * of itself. Read from the words anywhere in it, a subquery's included: it may over-state, never
   * miss one it names.
   */
  String rowOrder() {
    return rowOrder;
  }

  private static String rowOrder(List<TokenKind> kinds, List<String> tokens) {
    for (int i = 0; i < tokens.size(); i++) {
      TokenKind kind = kinds.get(i);
      if (kind != TokenKind.WORD && kind != TokenKind.QUOTED_IDENTIFIER) {
        continue;
      }
      // canonical: a quoted name that an unquoted word spells alike is that word ("string_agg")
      String w = lower(tokens.get(i));
      boolean call = i + 1 < tokens.size() && tokens.get(i + 1).equals("(");
      if (call && ORDER_SENSITIVE.contains(w)) {
        // qualified too: pg_catalog.string_agg(...), DuckDB's grp.string_agg(',')
        return w + "(...) follows the order of the rows it reads";
      }
      boolean qualified = i > 0 && kinds.get(i - 1) == TokenKind.DOT;
      if (kind != TokenKind.WORD || qualified) {
        continue; // t.limit, "limit": a column
      }
      if (ROW_COUNT_BY_ORDER.contains(w) && clause(kinds, tokens, i)) {
        return w.toUpperCase(Locale.ROOT) + " keeps some of the rows it reads: which, follows their order";
      }
      if (w.equals("distinct") && word(kinds, tokens, i + 1, "on")) {
        return "DISTINCT ON keeps the first row of each group: which, follows their order";
      }
      if (w.equals("rows") && framesRows(kinds, tokens, i)) {
        return "a window frame of ROWS counts rows: which, follows their order";
      }
    }
    return null;
  }

  /**
   * Whether the word at {@code i} starts its clause rather than names a column. {@code LIMIT},
   * {@code OFFSET}, {@code FETCH} and {@code TABLESAMPLE} are reserved words on every backend venv
   * supports (a column of that name is quoted), so always; DuckDB's {@code SAMPLE} after
   * {@code USING}.
   */
  private static boolean clause(List<TokenKind> kinds, List<String> tokens, int i) {
    return !lower(tokens.get(i)).equals("sample") || i > 0 && word(kinds, tokens, i - 1, "using");
  }

  /**
   * Whether the {@code ROWS} at {@code i} is a window frame's unit: its bracket goes on to say where
   * the frame starts or ends ({@code BETWEEN}, {@code PRECEDING}, {@code FOLLOWING}, {@code CURRENT},
   * {@code UNBOUNDED}) however the offset is spelt ({@code 1}, {@code '1'}, {@code +1}, {@code (1)},
   * {@code CAST(1 AS BIGINT)}); a column named {@code rows} is followed by none of them.
   */
  private static boolean framesRows(List<TokenKind> kinds, List<String> tokens, int i) {
    int depth = 0;
    for (int k = i + 1; k < tokens.size(); k++) {
      depth += nesting(kinds.get(k), tokens.get(k));
      if (depth < 0) {
        return false;
      }
      if (depth == 0 && kinds.get(k) == TokenKind.WORD && Set.of("between", "preceding", "following", "current",
          "unbounded").contains(lower(tokens.get(k)))) {
        return true;
      }
      if (depth == 0 && kinds.get(k) == TokenKind.OPERATOR && tokens.get(k).equals(",")) {
        return false;
      }
    }
    return false;
  }

  /** {@code a IS DISTINCT FROM b}, {@code string_agg(x) WITHIN GROUP}: a clause word inside an expression. */
  private static boolean partOfAnExpression(List<TokenKind> kinds, List<String> tokens, int i) {
    String w = lower(tokens.get(i));
    return w.equals("from") && i > 0 && word(kinds, tokens, i - 1, "distinct")
        || w.equals("group") && i > 0 && word(kinds, tokens, i - 1, "within");
  }

  private static int nesting(TokenKind kind, String t) {
    if (kind != TokenKind.OPERATOR) {
      return 0;
    }
    return switch (t) {
      case "(", "[", "{" -> 1;
      case ")", "]", "}" -> -1;
      default -> 0;
    };
  }

  /** The index of the bracket closing the one at {@code open}, or the last token's. */
  private static int closing(List<TokenKind> kinds, List<String> tokens, int open) {
    int depth = 0;
    for (int i = open; i < tokens.size(); i++) {
      depth += nesting(kinds.get(i), tokens.get(i));
      if (depth == 0) {
        return i;
      }
    }
    return tokens.size() - 1;
  }

  private static boolean word(List<TokenKind> kinds, List<String> tokens, int i, String word) {
    return i < tokens.size() && kinds.get(i) == TokenKind.WORD && tokens.get(i).equalsIgnoreCase(word);
  }

  /**
   * A token as compared: an unquoted word in lower case ASCII, a quoted name that means what the
   * same unquoted word means ({@code "a"} is {@code a} on every backend) as that word, anything
   * else as written.
   */
  private static String canonical(TokenKind kind, String text) {
    if (kind == TokenKind.WORD) {
      return asciiLower(text);
    }
    if (kind == TokenKind.QUOTED_IDENTIFIER && PLAIN_LOWER_NAME.matcher(text).matches()) {
      return text.substring(1, text.length() - 1);
    }
    return text;
  }

  /** Only A-Z: PostgreSQL keeps {@code É} as written, so {@code É} and {@code é} may be two columns. */
  private static String asciiLower(String word) {
    StringBuilder b = null;
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        if (b == null) {
          b = new StringBuilder(word);
        }
        b.setCharAt(i, (char) (c + 32));
      }
    }
    return b == null ? word : b.toString();
  }

  private static String lower(String word) {
    return word.toLowerCase(Locale.ROOT);
  }
}
