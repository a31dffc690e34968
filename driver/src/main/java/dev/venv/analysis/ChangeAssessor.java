package dev.venv.analysis;

import dev.venv.analysis.ChangeAssessment.Category;
import dev.venv.analysis.QueryTree.Item;
import dev.venv.analysis.QueryTree.Select;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares two versions of a model query read by one parser: non-breaking when only output columns
 * were added, partial breaking when only existing columns' expressions changed, else breaking. Each
 * rule that makes an added or changed column change the rows (DISTINCT, GROUP BY ALL, positions,
 * aggregates, set-returning functions, a function not known to keep the rows, a frame naming the
 * column) makes it breaking.
 */
final class ChangeAssessor {
  private ChangeAssessor() {}

  /** DuckDB's {@code ORDER BY ALL} (over-states: a CTE's or a subquery's counts too). */
  private static final java.util.regex.Pattern ORDER_BY_ALL =
      java.util.regex.Pattern.compile("(?i)\\bORDER\\s+BY\\s+ALL\\b");

  /**
   * @param before      the baseline's query as the parser read it
   * @param after       the new query as the same parser read it
   * @param written     the baseline's query as written: what changed is judged on it, never on a
   *                    parser's re-printing (see {@link SourceText})
   * @param nowWritten  the new query as written
   */
  static ChangeAssessment compare(QueryTree before, QueryTree after, SourceText written, SourceText nowWritten,
      String parser) {
    if (written.sameAs(nowWritten) && labels(before).equals(labels(after))) {
      return new ChangeAssessment(Category.NON_BREAKING, List.of(), Set.of(), null, parser);
    }
    if (before.isSetOperation() || after.isSetOperation()) {
      return ChangeAssessment.breaking("a set operation (UNION, EXCEPT, INTERSECT) changed", parser);
    }
    String order = written.rowOrder() != null ? written.rowOrder() : nowWritten.rowOrder();
    if (order != null) {
      // a rebuild may read its tables' rows in another order: any column of it may differ
      return ChangeAssessment.breaking("its rows follow the order it reads rows in (" + order + ")", parser);
    }
    Select a = before.branches().get(0);
    Select b = after.branches().get(0);
    List<String> was = written.items();
    List<String> now = nowWritten.items();
    if (was == null || now == null || was.size() != a.items().size() || now.size() != b.items().size()) {
      return ChangeAssessment.breaking("its select list could not be lined up with the query's text", parser);
    }
    if (!a.frameText().equals(b.frameText()) || !written.frame().equals(nowWritten.frame())) {
      return ChangeAssessment.breaking(
          "more than the select list changed (WITH, FROM, joins, WHERE, GROUP BY, HAVING, QUALIFY, windows, ORDER BY"
              + " or LIMIT)", parser);
    }
    if ((a.limited() || b.limited()) && (ORDER_BY_ALL.matcher(a.frameText()).find()
        || ORDER_BY_ALL.matcher(b.frameText()).find())) {
      // it sorts by every column, left to right: any column added, moved or changed reorders the rows
      return ChangeAssessment.breaking("ORDER BY ALL with LIMIT, OFFSET or FETCH: any change to the select list may"
          + " change which rows are kept", parser);
    }
    if (hasUnnamed(a) || hasUnnamed(b)) {
      return prefixOnly(a, b, was, now, parser, "a star or unnamed output column");
    }
    Map<String, Item> old = byName(a);
    Map<String, Item> current = byName(b);
    if (old == null || current == null) {
      return ChangeAssessment.breaking("two output columns share a name", parser);
    }
    List<String> added = new ArrayList<>();
    Set<String> changed = new TreeSet<>();
    Map<String, String> wasWritten = writtenByName(a, was);
    for (int i = 0; i < b.items().size(); i++) {
      Item item = b.items().get(i);
      Item prior = old.get(item.name());
      if (prior == null) {
        added.add(item.name());
      } else if (!java.util.Objects.equals(prior.label(), item.label())) {
        return ChangeAssessment.breaking("column " + prior.label() + " renamed to " + item.label()
            + ": a name's spelling is the column (PostgreSQL's quoted names, DuckDB's labels)", parser);
      } else if (!prior.expr().text().equals(item.expr().text()) || !wasWritten.get(item.name()).equals(now.get(i))) {
        changed.add(item.name());
      }
    }
    for (String name : old.keySet()) {
      if (!current.containsKey(name)) {
        changed.add(name);
      }
    }
    if (a.ordinals() && !samePositions(a, b)) {
      return ChangeAssessment.breaking("GROUP BY or ORDER BY by position, and the columns moved", parser);
    }
    String rows = rowsFollowTheSelectList(a, b, !changed.isEmpty());
    if (rows != null && !(added.isEmpty() && changed.isEmpty())) {
      return ChangeAssessment.breaking(rows, parser);
    }
    Set<String> touched = new HashSet<>(changed);
    touched.addAll(added);
    for (Item item : b.items()) {
      if (touched.contains(item.name()) && item.expr().setReturning()) {
        return ChangeAssessment.breaking("column " + item.name() + " returns several rows per row", parser);
      }
      if (touched.contains(item.name()) && item.expr().opaque()) {
        return ChangeAssessment.breaking("column " + item.name() + " holds a query that cannot be analysed", parser);
      }
      if (touched.contains(item.name()) && item.expr().unknownCall() != null) {
        return ChangeAssessment.breaking("column " + item.name() + " calls " + item.expr().unknownCall()
            + ", not known to return one value per row: it may aggregate the rows or return several", parser);
      }
    }
    for (Item item : a.items()) {
      // a removed or changed column that multiplied or collapsed the rows: ceasing to changes them too
      if (touched.contains(item.name()) && item.expr().setReturning()) {
        return ChangeAssessment.breaking("column " + item.name() + " returned several rows per row", parser);
      }
      if (touched.contains(item.name()) && item.expr().opaque()) {
        return ChangeAssessment.breaking("column " + item.name() + " held a query that cannot be analysed", parser);
      }
      if (touched.contains(item.name()) && item.expr().unknownCall() != null) {
        return ChangeAssessment.breaking("column " + item.name() + " called " + item.expr().unknownCall()
            + ", not known to return one value per row: it may have aggregated the rows or returned several", parser);
      }
    }
    if (!a.grouped() && aggregates(a) != aggregates(b)) {
      return ChangeAssessment.breaking("an aggregate was added or removed in a query without GROUP BY: "
          + "the row count changes", parser);
    }
    List<QueryTree.Expr> frame = new ArrayList<>(b.frame());
    frame.addAll(after.trailing());
    for (var e : frame) {
      // a subquery's names too: DuckDB resolves a select alias inside one ((SELECT y) > 25, IN (SELECT z))
      for (List<String> id : deepIdentifiers(e)) {
        if (id.size() == 1 && touched.contains(id.get(0))) {
          return ChangeAssessment.breaking("column " + id.get(0) + " changed and the query's WHERE, joins, "
              + "GROUP BY, HAVING, QUALIFY, windows or ORDER BY name it", parser);
        }
      }
    }
    boolean moved = !samePositions(a, b);
    return changed.isEmpty() ? new ChangeAssessment(Category.NON_BREAKING, added, Set.of(), null, parser, moved)
        : new ChangeAssessment(Category.PARTIAL_BREAKING, added, changed, null, parser, moved);
  }

  /**
   * Why the rows of either version depend on its select list, so that a changed (or, for some, an
   * added) column changes which rows there are; {@code null} when they do not. Never a guess
   * towards partial breaking: DISTINCT (ON), GROUP BY ALL, positions in GROUP BY/ORDER BY, a LIMIT
   * whose ordering may name the column, a select item naming another item's alias.
   */
  private static String rowsFollowTheSelectList(Select a, Select b, boolean changed) {
    if (a.distinct() || b.distinct()) {
      return "SELECT DISTINCT: a changed or added column changes the rows";
    }
    if (a.groupByAll() || b.groupByAll()) {
      return "GROUP BY ALL: a changed or added column changes the grouping";
    }
    if (changed && (a.ordinals() || b.ordinals())) {
      return "GROUP BY or ORDER BY by position: a changed column changes the grouping or ordering";
    }
    if (changed && (a.limited() || b.limited())) {
      return "LIMIT, OFFSET or FETCH: a changed column may change which rows are kept";
    }
    if (namesAnAlias(a) || namesAnAlias(b)) {
      return "a select item names another item's alias: a changed column changes what reads it";
    }
    return null;
  }

  /** {@code a AS z, z + 0 AS w} (DuckDB): an item reads an output column that is not a plain column of its own name. */
  private static boolean namesAnAlias(Select s) {
    Set<String> aliases = new HashSet<>();
    for (Item i : s.items()) {
      boolean plain = i.expr().identifiers().size() == 1 && i.expr().stars().isEmpty()
          && i.expr().text().replace("\"", "").toLowerCase(java.util.Locale.ROOT).endsWith(String.valueOf(i.name()))
          && i.expr().identifiers().get(0).get(i.expr().identifiers().get(0).size() - 1).equals(i.name());
      if (i.name() != null && !plain) {
        aliases.add(i.name());
      }
    }
    for (Item i : s.items()) {
      for (List<String> id : i.expr().identifiers()) {
        if (id.size() == 1 && aliases.contains(id.get(0)) && !id.get(0).equals(i.name())) {
          return true;
        }
      }
      for (QueryTree sub : i.expr().subqueries()) {
        // (SELECT z + 0) AS w: DuckDB resolves an alias inside a subquery too (its own z included)
        for (List<String> id : identifiers(sub)) {
          if (id.size() == 1 && aliases.contains(id.get(0))) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** {@code e}'s column references and those of every query inside it. */
  private static List<List<String>> deepIdentifiers(QueryTree.Expr e) {
    List<List<String>> out = new ArrayList<>(e.identifiers());
    e.subqueries().forEach(q -> out.addAll(identifiers(q)));
    return out;
  }

  /** Every column reference anywhere in {@code q}: over-states what it reads of an enclosing query, never misses. */
  private static List<List<String>> identifiers(QueryTree q) {
    List<List<String>> out = new ArrayList<>();
    q.ctes().forEach(c -> out.addAll(identifiers(c.query())));
    q.trailing().forEach(e -> out.addAll(deepIdentifiers(e)));
    for (Select s : q.branches()) {
      s.items().forEach(i -> out.addAll(deepIdentifiers(i.expr())));
      s.frame().forEach(e -> out.addAll(deepIdentifiers(e)));
      for (QueryTree.FromItem f : s.from()) {
        if (f.subquery() != null) {
          out.addAll(identifiers(f.subquery()));
        }
        if (f.args() != null) {
          out.addAll(deepIdentifiers(f.args()));
        }
      }
    }
    return out;
  }

  /** Every branch's output names as written: a parser folds unquoted names in its text. */
  private static List<List<String>> labels(QueryTree q) {
    return q.branches().stream().map(b -> b.items().stream().map(i -> String.valueOf(i.label())).toList()).toList();
  }

  private static boolean hasUnnamed(Select s) {
    return s.items().stream().anyMatch(i -> i.star() || i.name() == null);
  }

  /**
   * With stars or unnamed columns only appending columns is safe: an appended name that repeats
   * one (a star's column, a name the backend gave) is the one DuckDB renames ({@code a_1}), and
   * PostgreSQL refuses the table, so the existing columns keep their names.
   */
  private static ChangeAssessment prefixOnly(Select a, Select b, List<String> was, List<String> now, String parser,
      String what) {
    if (b.items().size() > a.items().size() && !a.distinct() && !a.groupByAll() && !b.distinct() && !b.groupByAll()
        && !namesAnAlias(a) && !namesAnAlias(b)) {
      boolean prefix = true;
      for (int i = 0; i < a.items().size(); i++) {
        Item x = a.items().get(i);
        Item y = b.items().get(i);
        prefix &= x.star() == y.star() && java.util.Objects.equals(x.label(), y.label())
            && x.expr().text().equals(y.expr().text()) && was.get(i).equals(now.get(i));
      }
      List<String> added = new ArrayList<>();
      for (Item y : b.items().subList(a.items().size(), b.items().size())) {
        prefix &= !y.star() && y.name() != null && !y.expr().setReturning() && !y.expr().opaque()
            && y.expr().unknownCall() == null;
        added.add(y.name());
      }
      if (prefix && (a.grouped() || aggregates(a) == aggregates(b))) {
        return new ChangeAssessment(Category.NON_BREAKING, added, Set.of(), null, parser);
      }
    }
    return ChangeAssessment.breaking(what + " changed", parser);
  }

  private static boolean samePositions(Select a, Select b) {
    for (int i = 0; i < a.items().size(); i++) {
      if (i >= b.items().size() || !java.util.Objects.equals(a.items().get(i).name(), b.items().get(i).name())) {
        return false;
      }
    }
    return true;
  }

  private static boolean aggregates(Select s) {
    return s.items().stream().anyMatch(i -> aggregates(i.expr()));
  }

  /**
   * Whether {@code e} aggregates the rows of its query: an aggregate of its own, or one inside a
   * subquery that may be over the outer query's columns — SQL gives {@code (SELECT max(a))} to the
   * outer query when {@code a} is its column, so a query without {@code GROUP BY} returns one row.
   * Counted so unless every column the subquery's aggregating expression names is qualified by
   * one of the subquery's own {@code FROM} items: over-states, never misses.
   */
  static boolean aggregates(QueryTree.Expr e) {
    return e.aggregates() || e.subqueries().stream().anyMatch(ChangeAssessor::mayAggregateOuter);
  }

  private static boolean mayAggregateOuter(QueryTree q) {
    if (q.ctes().stream().anyMatch(c -> mayAggregateOuter(c.query()))) {
      return true; // (WITH x AS (SELECT max(t.a)) ...): its columns are the outer query's all the same
    }
    List<QueryTree.Expr> trailing = new ArrayList<>(q.trailing());
    for (Select s : q.branches()) {
      Set<String> own = new HashSet<>();
      List<QueryTree.Expr> exprs = new ArrayList<>(s.frame());
      exprs.addAll(trailing);
      for (QueryTree.FromItem f : s.from()) {
        own.add(f.alias());
        if (f.subquery() != null && mayAggregateOuter(f.subquery())) {
          return true; // (SELECT m FROM (SELECT max(t.a) AS m) x): a derived table's too
        }
        if (f.args() != null) {
          exprs.add(f.args());
        }
      }
      s.items().forEach(i -> exprs.add(i.expr()));
      for (QueryTree.Expr e : exprs) {
        if (e.aggregates() && !e.identifiers().stream().allMatch(id -> id.size() > 1 && own.contains(id.get(0)))) {
          return true;
        }
        if (e.subqueries().stream().anyMatch(ChangeAssessor::mayAggregateOuter)) {
          return true; // deeper still: its outer columns may be ours
        }
      }
    }
    return false;
  }

  /** Each named item's text as written, by its name (names are unique here). */
  private static Map<String, String> writtenByName(Select s, List<String> written) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < s.items().size(); i++) {
      map.put(s.items().get(i).name(), written.get(i));
    }
    return map;
  }

  private static Map<String, Item> byName(Select s) {
    Map<String, Item> map = new HashMap<>();
    for (Item i : s.items()) {
      if (map.put(i.name(), i) != null) {
        return null;
      }
    }
    return map;
  }
}
