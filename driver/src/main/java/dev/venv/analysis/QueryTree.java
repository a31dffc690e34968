package dev.venv.analysis;

import java.util.List;

/**
 * A model query as the analysis sees it, whichever parser read it: enough structure to resolve
 * column references and to tell which part of a query a change touched, nothing more. Texts are
 * the parser's own re-printing, compared only with texts of the same parser, never sent anywhere.
 *
 * @param ctes      {@code WITH} items visible in {@link #branches}, in order
 * @param branches  one select, or the selects of a set operation
 * @param text      the whole query, re-printed: equal texts mean an equal query
 * @param trailing  what a set operation's {@code ORDER BY}/{@code LIMIT} read
 */
record QueryTree(List<Cte> ctes, List<Select> branches, String text, List<Expr> trailing) {

  boolean isSetOperation() {
    return branches.size() > 1;
  }

  /** One {@code WITH} item. */
  record Cte(String name, List<String> columnNames, QueryTree query) {}

  /**
   * One {@code SELECT}.
   *
   * @param items       the select list, in order
   * @param from        the {@code FROM} items and joined items
   * @param frame       what decides the rows: join conditions, {@code WHERE}, {@code GROUP BY},
   *                    {@code HAVING}, {@code QUALIFY}, windows, {@code ORDER BY}, {@code LIMIT}
   * @param frameText   the select re-printed with its select list left out, {@code WITH} included
   * @param distinct    {@code SELECT DISTINCT}: an added column changes the rows
   * @param groupByAll  {@code GROUP BY ALL}: an added column changes the grouping
   * @param ordinals    {@code GROUP BY 1}/{@code ORDER BY 2}: the select list's positions matter
   * @param grouped     it has a {@code GROUP BY} (so an added aggregate keeps the row count)
   * @param limited     it has {@code LIMIT}, {@code OFFSET} or {@code FETCH}: its ordering picks its rows
   */
  record Select(List<Item> items, List<FromItem> from, List<Expr> frame, String frameText, boolean distinct,
      boolean groupByAll, boolean ordinals, boolean grouped, boolean limited) {}

  /**
   * One select list item.
   *
   * @param name its output column name, lower case; {@code null} when the backend names it (an
   *             unaliased expression, {@code COLUMNS(...)} aliased or not)
   * @param expr what it computes; a star item is an {@link Expr} with a star and nothing else
   * @param star {@code *} or {@code t.*} (DuckDB's {@code EXCLUDE}/{@code REPLACE} included)
   * @param label its name as written: a quoted name's text, an unquoted one's spelling; two
   *              versions whose labels differ name different columns (PostgreSQL's {@code "A"} is
   *              not {@code a}, DuckDB's label changes), so a change of spelling is a rename
   */
  record Item(String name, Expr expr, boolean star, String label) {
    Item(String name, Expr expr, boolean star) {
      this(name, expr, star, name);
    }
  }

  /**
   * One {@code FROM} item.
   *
   * @param alias    the name its columns are qualified with, lower case
   * @param table    the table's name parts, lower case, or {@code null} for a subquery or function
   * @param subquery a derived table, or {@code null}
   * @param args     what a table function or {@code UNNEST} reads, or {@code null}
   * @param columns  its column alias list ({@code AS q(i, g)}: its first columns renamed, by
   *                 position), lower case; empty when it has none
   */
  record FromItem(String alias, List<String> table, QueryTree subquery, Expr args, List<String> columns) {
    FromItem(String alias, List<String> table, QueryTree subquery, Expr args) {
      this(alias, table, subquery, args, List.of());
    }
  }

  /**
   * An expression, flattened to what it reads.
   *
   * @param text        re-printed
   * @param identifiers column references: name parts, lower case
   * @param stars       {@code *} ({@code ""}) or {@code t.*} ({@code "t"}) inside it
   * @param subqueries  queries inside it, resolved in its scope
   * @param aggregates  it calls an aggregate function that is not itself a window function
   * @param setReturning it calls a function that returns several rows ({@code UNNEST})
   * @param opaque      the reader could not see inside it: it may read anything in scope
   * @param unknownCall a function it calls (not as a window function) that {@link FunctionKinds}
   *                    does not know to keep the rows: it may aggregate them or return several;
   *                    {@code null} when none
   */
  record Expr(String text, List<List<String>> identifiers, List<String> stars, List<QueryTree> subqueries,
      boolean aggregates, boolean setReturning, boolean opaque, String unknownCall) {

    Expr(String text, List<List<String>> identifiers, List<String> stars, List<QueryTree> subqueries,
        boolean aggregates, boolean setReturning, boolean opaque) {
      this(text, identifiers, stars, subqueries, aggregates, setReturning, opaque, null);
    }

    static Expr empty() {
      return new Expr("", List.of(), List.of(), List.of(), false, false, false);
    }

    /**
     * DuckDB's {@code COLUMNS(...)} (a bare {@code *} inside): one output column per column it
     * picks, each named after that column, so neither their number nor their names are known.
     */
    boolean starLike() {
      return stars.contains("");
    }
  }
}
