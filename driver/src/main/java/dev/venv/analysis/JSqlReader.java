package dev.venv.analysis;

import dev.venv.analysis.QueryTree.Cte;
import dev.venv.analysis.QueryTree.Expr;
import dev.venv.analysis.QueryTree.FromItem;
import dev.venv.analysis.QueryTree.Item;
import dev.venv.analysis.QueryTree.Select;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Reads a model query with JSqlParser, the second parser: it takes DuckDB syntax Calcite's grammar
 * lacks ({@code EXCLUDE}, {@code GROUP BY ALL}, list literals). Its expression classes are many, so
 * an expression is read from its re-printed text by {@link ExpressionText}, which sees every
 * column reference and gives up (opaque: reads anything) on a query inside an expression.
 */
final class JSqlReader {
  private JSqlReader() {}

  static QueryTree read(String sql) throws QueryParseException {
    Statement statement;
    try {
      // the parser itself, not CCJSqlParserUtil.parse: that helper starts a thread per call
      statement = new CCJSqlParser(sql).withAllowComplexParsing(true).Statement();
    } catch (Exception | StackOverflowError | LinkageError e) {
      throw new QueryParseException("JSqlParser: " + firstLine(e.getMessage()));
    }
    if (!(statement instanceof net.sf.jsqlparser.statement.select.Select select)) {
      throw new QueryParseException("JSqlParser: not a SELECT");
    }
    try {
      return query(select);
    } catch (RuntimeException e) {
      throw new QueryParseException("JSqlParser: cannot analyse the parsed query: " + e);
    }
  }

  private static String firstLine(String message) {
    int nl = message == null ? -1 : message.indexOf('\n');
    return nl < 0 ? String.valueOf(message) : message.substring(0, nl);
  }

  private static QueryTree query(net.sf.jsqlparser.statement.select.Select select) {
    String text = select.toString();
    List<Cte> ctes = new ArrayList<>();
    List<Expr> trailing = new ArrayList<>();
    if (select.getWithItemsList() != null) {
      for (WithItem<?> w : select.getWithItemsList()) {
        List<String> columns = new ArrayList<>();
        if (w.getWithItemList() != null) {
          w.getWithItemList().forEach(c -> columns.add(lower(c.toString())));
        }
        ctes.add(new Cte(lower(w.getAlias().getName()), columns, query(w.getSelect())));
      }
    }
    List<Select> branches = new ArrayList<>();
    branches(select, branches, ctes, trailing, true);
    return new QueryTree(ctes, branches, text, trailing);
  }

  private static void branches(net.sf.jsqlparser.statement.select.Select select, List<Select> out, List<Cte> ctes,
      List<Expr> trailing, boolean outer) {
    if (!outer && select.getWithItemsList() != null) {
      QueryTree inner = query(select);
      ctes.addAll(inner.ctes());
      out.addAll(inner.branches());
      trailing.addAll(inner.trailing());
      return;
    }
    if (select instanceof ParenthesedSelect p) {
      branches(p.getSelect(), out, ctes, trailing, false);
      addTrailing(select, trailing);
    } else if (select instanceof SetOperationList set) {
      for (net.sf.jsqlparser.statement.select.Select s : set.getSelects()) {
        branches(s, out, ctes, trailing, false);
      }
      addTrailing(select, trailing);
    } else if (select instanceof PlainSelect plain) {
      out.add(plain(plain, ctes));
    } else {
      throw new IllegalArgumentException("not a SELECT: " + select.getClass().getSimpleName());
    }
  }

  private static void addTrailing(net.sf.jsqlparser.statement.select.Select select, List<Expr> trailing) {
    if (select.getOrderByElements() != null) {
      select.getOrderByElements().forEach(o -> trailing.add(expr(o.getExpression())));
    }
    if (select.getLimit() != null) {
      trailing.add(ExpressionText.read(select.getLimit().toString()));
    }
  }

  private static Select plain(PlainSelect select, List<Cte> ctes) {
    List<Item> items = new ArrayList<>();
    for (SelectItem<?> item : select.getSelectItems()) {
      items.add(item(item));
    }
    List<FromItem> from = new ArrayList<>();
    List<Expr> frame = new ArrayList<>();
    if (select.getFromItem() != null) {
      from(select.getFromItem(), from, frame);
    }
    joins(select.getJoins(), from, frame);
    boolean ordinals = false;
    boolean groupByAll = false;
    boolean grouped = false;
    for (Expression e : new Expression[] {select.getWhere(), select.getHaving(), select.getQualify()}) {
      if (e != null) {
        frame.add(expr(e));
      }
    }
    GroupByElement group = select.getGroupBy();
    if (group != null) {
      grouped = true;
      String groupText = group.toString();
      frame.add(ExpressionText.read(groupText));
      groupByAll = groupText.trim().toUpperCase(Locale.ROOT).matches("GROUP BY ALL\\b.*");
      if (group.getGroupByExpressionList() != null) {
        for (Object e : group.getGroupByExpressionList()) {
          ordinals |= e instanceof net.sf.jsqlparser.expression.LongValue;
        }
      }
    }
    if (select.getWindowDefinitions() != null) {
      select.getWindowDefinitions().forEach(w -> frame.add(ExpressionText.read(w.toString())));
    }
    if (select.getOrderByElements() != null) {
      for (OrderByElement o : select.getOrderByElements()) {
        frame.add(expr(o.getExpression()));
        ordinals |= o.getExpression() instanceof net.sf.jsqlparser.expression.LongValue;
      }
    }
    if (select.getLimit() != null) {
      frame.add(ExpressionText.read(select.getLimit().toString()));
    }
    if (select.getOffset() != null) {
      frame.add(ExpressionText.read(select.getOffset().toString()));
    }
    List<SelectItem<?>> list = select.getSelectItems();
    String frameText;
    try {
      select.setSelectItems(List.of(new SelectItem<>(new AllColumns())));
      frameText = select.toString();
    } finally {
      select.setSelectItems(list);
    }
    StringBuilder withText = new StringBuilder();
    ctes.forEach(c -> withText.append(c.name()).append(c.columnNames()).append(" AS (").append(c.query().text())
        .append(") "));
    return new Select(items, from, frame, withText + frameText, select.getDistinct() != null, groupByAll, ordinals,
        grouped, select.getLimit() != null || select.getOffset() != null || select.getFetch() != null);
  }

  private static Item item(SelectItem<?> item) {
    Expression e = item.getExpression();
    if (e instanceof AllTableColumns t) {
      return new Item(null, new Expr(t.toString(), exceptReads(t), List.of(lower(t.getTable().getName())),
          List.of(), false, false, false), true);
    }
    if (e instanceof AllColumns all) {
      return new Item(null, new Expr(all.toString(), exceptReads(all), List.of(""), List.of(), false, false, false),
          true);
    }
    Alias alias = item.getAlias();
    Expr read = expr(e);
    if (read.starLike()) {
      return new Item(null, read, false); // COLUMNS(...) AS x: the backend names its columns
    }
    String written = alias != null ? alias.getName() : e instanceof Column c ? c.getColumnName() : null;
    String name = written == null ? null : unquote(written);
    return new Item(name, read, false, written == null ? null : label(written));
  }

  /** {@code * REPLACE (expr AS c)} reads what its expressions read. */
  private static List<List<String>> exceptReads(AllColumns all) {
    List<List<String>> reads = new ArrayList<>();
    if (all.getReplaceExpressions() != null) {
      all.getReplaceExpressions().forEach(r -> reads.addAll(expr(r.getExpression()).identifiers()));
    }
    return reads;
  }

  /** Joined items and what their conditions read: ON, USING, and NATURAL's every common column. */
  private static void joins(List<Join> joins, List<FromItem> from, List<Expr> frame) {
    if (joins == null) {
      return;
    }
    for (Join join : joins) {
      from(join.getRightItem(), from, frame);
      if (join.getOnExpressions() != null) {
        join.getOnExpressions().forEach(e -> frame.add(expr(e)));
      }
      if (join.getUsingColumns() != null) {
        join.getUsingColumns().forEach(c -> frame.add(expr(c)));
      }
      // JSqlParser (5.4) drops the NATURAL of NATURAL INNER JOIN: it keeps an INNER JOIN with neither
      // ON nor USING, which no backend accepts otherwise. Either way the join is on every common column.
      boolean conditionless = (join.getOnExpressions() == null || join.getOnExpressions().isEmpty())
          && (join.getUsingColumns() == null || join.getUsingColumns().isEmpty()) && !join.isSimple() && !join.isCross();
      if (join.isNatural() || conditionless) {
        frame.add(readsEverything("natural"));
      }
    }
  }

  /** What decides the rows and reads every column in scope ({@code NATURAL}, {@code UNPIVOT}...). */
  private static Expr readsEverything(String what) {
    return new Expr(what, List.of(), List.of(""), List.of(), false, false, false);
  }

  private static void from(net.sf.jsqlparser.statement.select.FromItem item, List<FromItem> from, List<Expr> frame) {
    if (item.getPivot() != null || item.getUnPivot() != null || item.getSampleClause() != null) {
      // UNPIVOT drops the NULLs of the columns it names, PIVOT groups by the others, a sample keeps some
      // rows: each decides the rows from columns this reading does not list
      frame.add(readsEverything("pivot, unpivot or sample"));
    }
    String alias = item.getAlias() == null ? null : unquote(item.getAlias().getName());
    List<String> columns = new ArrayList<>();
    if (item.getAlias() != null && item.getAlias().getAliasColumns() != null) {
      item.getAlias().getAliasColumns().forEach(c -> columns.add(unquote(c.name))); // AS q(i, g): by position
    }
    if (item instanceof Table t) {
      List<String> parts = new ArrayList<>();
      for (String p : t.getFullyQualifiedName().split("\\.")) {
        parts.add(unquote(p));
      }
      from.add(new FromItem(alias != null ? alias : parts.get(parts.size() - 1), parts, null, null, columns));
    } else if (item instanceof ParenthesedSelect p) {
      from.add(new FromItem(alias, null, query(p.getSelect()), null, columns));
    } else if (item instanceof net.sf.jsqlparser.statement.select.ParenthesedFromItem p) {
      from(p.getFromItem(), from, frame);
      joins(p.getJoins(), from, frame);
    } else {
      // a table function, LATERAL, VALUES: read from its text, opaque if it holds a query
      from.add(new FromItem(alias, null, null, ExpressionText.read(item.toString())));
    }
  }

  private static Expr expr(Expression e) {
    return ExpressionText.read(e.toString());
  }

  private static String unquote(String name) {
    String n = name.trim();
    if (n.length() >= 2 && n.startsWith("\"") && n.endsWith("\"")) {
      return n.substring(1, n.length() - 1).replace("\"\"", "\"").toLowerCase(Locale.ROOT);
    }
    return n.toLowerCase(Locale.ROOT);
  }

  /** An output name as written: a quoted name's text, an unquoted one's spelling. */
  private static String label(String name) {
    String n = name.trim();
    if (n.length() >= 2 && n.startsWith("\"") && n.endsWith("\"")) {
      return n.substring(1, n.length() - 1).replace("\"\"", "\"");
    }
    return n;
  }

  private static String lower(String s) {
    return unquote(s);
  }
}
