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
 * aggregates, set-returning functions, a frame naming the column) makes it breaking.
 */
final class ChangeAssessor {
  private ChangeAssessor() {}

  static ChangeAssessment compare(QueryTree before, QueryTree after, String parser) {
    if (before.text().equals(after.text())) {
      return new ChangeAssessment(Category.NON_BREAKING, List.of(), Set.of(), null, parser);
    }
    if (before.isSetOperation() || after.isSetOperation()) {
      return ChangeAssessment.breaking("a set operation (UNION, EXCEPT, INTERSECT) changed", parser);
    }
    Select a = before.branches().get(0);
    Select b = after.branches().get(0);
    if (!a.frameText().equals(b.frameText())) {
      return ChangeAssessment.breaking(
          "more than the select list changed (WITH, FROM, joins, WHERE, GROUP BY, HAVING, QUALIFY, windows, ORDER BY"
              + " or LIMIT)", parser);
    }
    if (hasUnnamed(a) || hasUnnamed(b)) {
      return prefixOnly(a, b, parser, "a star or unnamed output column");
    }
    Map<String, Item> old = byName(a);
    Map<String, Item> now = byName(b);
    if (old == null || now == null) {
      return ChangeAssessment.breaking("two output columns share a name", parser);
    }
    List<String> added = new ArrayList<>();
    Set<String> changed = new TreeSet<>();
    for (Item item : b.items()) {
      Item was = old.get(item.name());
      if (was == null) {
        added.add(item.name());
      } else if (!was.expr().text().equals(item.expr().text())) {
        changed.add(item.name());
      }
    }
    for (String name : old.keySet()) {
      if (!now.containsKey(name)) {
        changed.add(name);
      }
    }
    if (a.ordinals() && !samePositions(a, b)) {
      return ChangeAssessment.breaking("GROUP BY or ORDER BY by position, and the columns moved", parser);
    }
    if (!added.isEmpty()) {
      if (a.distinct()) {
        return ChangeAssessment.breaking("SELECT DISTINCT: an added column changes the rows", parser);
      }
      if (a.groupByAll()) {
        return ChangeAssessment.breaking("GROUP BY ALL: an added column changes the grouping", parser);
      }
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
    }
    if (!a.grouped() && aggregates(a) != aggregates(b)) {
      return ChangeAssessment.breaking("an aggregate was added or removed in a query without GROUP BY: "
          + "the row count changes", parser);
    }
    List<QueryTree.Expr> frame = new ArrayList<>(b.frame());
    frame.addAll(after.trailing());
    for (var e : frame) {
      for (List<String> id : e.identifiers()) {
        if (id.size() == 1 && changed.contains(id.get(0))) {
          return ChangeAssessment.breaking("column " + id.get(0) + " changed and GROUP BY, ORDER BY or QUALIFY "
              + "names it", parser);
        }
      }
    }
    return changed.isEmpty() ? new ChangeAssessment(Category.NON_BREAKING, added, Set.of(), null, parser)
        : new ChangeAssessment(Category.PARTIAL_BREAKING, added, changed, null, parser);
  }

  private static boolean hasUnnamed(Select s) {
    return s.items().stream().anyMatch(i -> i.star() || i.name() == null);
  }

  /** With stars or unnamed columns only appending columns is safe. */
  private static ChangeAssessment prefixOnly(Select a, Select b, String parser, String what) {
    if (b.items().size() > a.items().size() && !a.distinct() && !a.groupByAll()) {
      boolean prefix = true;
      for (int i = 0; i < a.items().size(); i++) {
        Item x = a.items().get(i);
        Item y = b.items().get(i);
        prefix &= x.star() == y.star() && java.util.Objects.equals(x.name(), y.name())
            && x.expr().text().equals(y.expr().text());
      }
      List<String> added = new ArrayList<>();
      for (Item y : b.items().subList(a.items().size(), b.items().size())) {
        prefix &= !y.star() && y.name() != null && !y.expr().setReturning() && !y.expr().opaque();
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
    return s.items().stream().anyMatch(i -> i.expr().aggregates());
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
