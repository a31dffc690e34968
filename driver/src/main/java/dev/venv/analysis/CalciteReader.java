package dev.venv.analysis;

import dev.venv.analysis.QueryTree.Cte;
import dev.venv.analysis.QueryTree.Expr;
import dev.venv.analysis.QueryTree.FromItem;
import dev.venv.analysis.QueryTree.Item;
import dev.venv.analysis.QueryTree.Select;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSetOperator;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.dialect.PostgresqlSqlDialect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Reads a model query with Calcite's parser, configured for the SQL DuckDB and PostgreSQL share:
 * double-quoted identifiers, case-insensitive names, lenient conformance ({@code LIMIT},
 * {@code QUALIFY}, {@code ::} casts).
 */
final class CalciteReader {
  private static final SqlParser.Config CONFIG = SqlParser.config()
      .withQuoting(Quoting.DOUBLE_QUOTE)
      .withUnquotedCasing(Casing.TO_LOWER)
      .withQuotedCasing(Casing.UNCHANGED)
      .withCaseSensitive(false)
      .withIdentifierMaxLength(1024)
      .withConformance(SqlConformanceEnum.LENIENT);

  private CalciteReader() {}

  /**
   * @throws QueryParseException when Calcite's grammar does not take {@code sql}
   */
  /** The query being read, for the labels of select items as written; {@code null} when unknown. */
  private static final ThreadLocal<String> SOURCE = new ThreadLocal<>();

  static QueryTree read(String sql) throws QueryParseException {
    SOURCE.set(sql);
    try {
      return parse(sql);
    } finally {
      SOURCE.remove();
    }
  }

  private static QueryTree parse(String sql) throws QueryParseException {
    SqlNode node;
    try {
      node = SqlParser.create(sql, CONFIG).parseQuery();
    } catch (SqlParseException e) {
      SqlParserPos pos = e.getPos();
      throw new QueryParseException("Calcite: " + firstLine(e.getMessage())
          + (pos == null ? "" : " (line " + pos.getLineNum() + ", column " + pos.getColumnNum() + ")"));
    } catch (RuntimeException | StackOverflowError | LinkageError e) {
      throw new QueryParseException("Calcite: " + e);
    }
    try {
      return query(node);
    } catch (RuntimeException e) {
      throw new QueryParseException("Calcite: cannot analyse the parsed query: " + e);
    }
  }

  private static String firstLine(String message) {
    int nl = message == null ? -1 : message.indexOf('\n');
    return nl < 0 ? String.valueOf(message) : message.substring(0, nl);
  }

  static QueryTree query(SqlNode node) {
    List<Cte> ctes = new ArrayList<>();
    List<Expr> trailing = new ArrayList<>();
    String text = text(node);
    SqlNode body = node;
    while (true) {
      if (body instanceof SqlWith with) {
        for (SqlNode n : with.withList) {
          SqlWithItem item = (SqlWithItem) n;
          List<String> columns = new ArrayList<>();
          if (item.columnList != null) {
            item.columnList.forEach(c -> columns.add(((SqlIdentifier) c).getSimple().toLowerCase(Locale.ROOT)));
          }
          ctes.add(new Cte(item.name.getSimple().toLowerCase(Locale.ROOT), columns, query(item.query)));
        }
        body = with.body;
      } else if (body instanceof SqlOrderBy orderBy) {
        trailing.add(expr(orderBy.orderList));
        if (orderBy.offset != null) {
          trailing.add(expr(orderBy.offset));
        }
        if (orderBy.fetch != null) {
          trailing.add(expr(orderBy.fetch));
        }
        body = orderBy.query;
      } else {
        break;
      }
    }
    List<Select> branches = new ArrayList<>();
    branches(body, branches, ctes, trailing);
    if (body != node && branches.size() == 1 && !trailing.isEmpty()) {
      // one SELECT's own ORDER BY/LIMIT (Calcite wraps it): with LIMIT, OFFSET or FETCH its
      // ordering picks the rows, reading the FROM scope as well as the output names
      Select s = branches.get(0);
      boolean ordinals = s.ordinals();
      boolean limited = s.limited();
      List<Expr> frame = new ArrayList<>(s.frame());
      for (SqlNode n = node; n instanceof SqlWith || n instanceof SqlOrderBy;
          n = n instanceof SqlWith w ? w.body : ((SqlOrderBy) n).query) {
        if (n instanceof SqlOrderBy orderBy) {
          ordinals |= ordinal(orderBy.orderList);
          limited |= orderBy.offset != null || orderBy.fetch != null;
        }
      }
      if (limited) {
        frame.addAll(trailing);
      }
      branches.set(0, new Select(s.items(), s.from(), frame, s.frameText(), s.distinct(), s.groupByAll(), ordinals,
          s.grouped(), limited));
    }
    return new QueryTree(ctes, branches, text, trailing);
  }

  private static void branches(SqlNode node, List<Select> out, List<Cte> ctes, List<Expr> trailing) {
    if (node instanceof SqlBasicCall call && call.getOperator() instanceof SqlSetOperator) {
      for (SqlNode operand : call.getOperandList()) {
        branches(operand, out, ctes, trailing);
      }
    } else if (node instanceof SqlSelect select) {
      out.add(select(select, ctes, trailing));
    } else if (node instanceof SqlWith || node instanceof SqlOrderBy) {
      // a parenthesised query inside a set operation: its own WITH/ORDER BY belong to the branch
      QueryTree inner = query(node);
      out.addAll(inner.branches());
      ctes.addAll(inner.ctes());
      trailing.addAll(inner.trailing());
    } else {
      throw new IllegalArgumentException("not a SELECT: " + node.getKind());
    }
  }

  private static Select select(SqlSelect select, List<Cte> ctes, List<Expr> trailing) {
    List<Item> items = new ArrayList<>();
    for (SqlNode n : select.getSelectList()) {
      items.add(item(n));
    }
    List<FromItem> from = new ArrayList<>();
    List<Expr> frame = new ArrayList<>();
    if (select.getFrom() != null) {
      from(select.getFrom(), from, frame);
    }
    boolean ordinals = false;
    boolean grouped = select.getGroup() != null && !select.getGroup().isEmpty();
    for (SqlNode n : new SqlNode[] {select.getWhere(), select.getGroup(), select.getHaving(), select.getQualify(),
        select.getWindowList(), select.getOrderList(), select.getOffset(), select.getFetch()}) {
      if (n != null) {
        frame.add(expr(n));
      }
    }
    ordinals |= ordinal(select.getGroup()) || ordinal(select.getOrderList());
    SqlNodeList list = select.getSelectList();
    String frameText;
    try {
      select.setSelectList(SqlNodeList.SINGLETON_STAR);
      frameText = text(select);
    } finally {
      select.setSelectList(list);
    }
    StringBuilder withText = new StringBuilder();
    ctes.forEach(c -> withText.append(c.name()).append(c.columnNames()).append(" AS (").append(c.query().text())
        .append(") "));
    trailing.forEach(t -> withText.append(" | ").append(t.text()));
    return new Select(items, from, frame, withText + frameText, select.isDistinct(), false, ordinals, grouped,
        select.getOffset() != null || select.getFetch() != null);
  }

  /** {@code GROUP BY 1}, {@code ORDER BY 2 DESC}: the select list's positions matter. */
  private static boolean ordinal(SqlNodeList list) {
    if (list == null) {
      return false;
    }
    for (SqlNode n : list) {
      SqlNode key = n;
      while (key.getKind() == SqlKind.DESCENDING || key.getKind() == SqlKind.NULLS_FIRST
          || key.getKind() == SqlKind.NULLS_LAST) {
        key = ((SqlCall) key).operand(0);
      }
      if (key instanceof SqlNumericLiteral) {
        return true;
      }
    }
    return false;
  }

  private static Item item(SqlNode n) {
    if (n instanceof SqlIdentifier id && id.isStar()) {
      return new Item(null, expr(n), true);
    }
    if (n.getKind() == SqlKind.AS) {
      SqlCall as = (SqlCall) n;
      SqlIdentifier alias = (SqlIdentifier) as.operand(1);
      String name = alias.getSimple().toLowerCase(Locale.ROOT);
      Expr e = expr(as.operand(0));
      if (e.starLike()) {
        return new Item(null, e, false); // COLUMNS(...) AS x: the backend names its columns
      }
      return new Item(name, e, false, label(alias.getSimple(), alias.getParserPosition()));
    }
    if (n instanceof SqlIdentifier id) {
      int last = id.names.size() - 1;
      return new Item(id.names.get(last).toLowerCase(Locale.ROOT), expr(n), false,
          label(id.names.get(last), id.getComponentParserPosition(last)));
    }
    return new Item(null, expr(n), false);
  }

  /**
   * An output name as written at {@code pos}: a quoted name's text, an unquoted one's spelling
   * (Calcite folds it). When the position cannot be read back, {@code parsed} in lower case unless
   * it has upper case (then it was quoted): never equal to a differently spelled label by mistake.
   */
  static String label(String parsed, SqlParserPos pos) {
    String sql = SOURCE.get();
    try {
      if (sql != null && pos != null && pos.getLineNum() > 0) {
        String[] lines = sql.split("\n", -1);
        if (pos.getLineNum() == pos.getEndLineNum()) {
          String written = lines[pos.getLineNum() - 1].substring(pos.getColumnNum() - 1, pos.getEndColumnNum());
          if (written.length() >= 2 && written.startsWith("\"") && written.endsWith("\"")) {
            return written.substring(1, written.length() - 1).replace("\"\"", "\"");
          }
          if (written.equalsIgnoreCase(parsed)) {
            return written;
          }
        }
      }
    } catch (RuntimeException e) {
      // fall through: the parsed name
    }
    return "\"" + parsed + "\"";
  }

  private static void from(SqlNode n, List<FromItem> from, List<Expr> frame) {
    if (n instanceof SqlJoin join) {
      from(join.getLeft(), from, frame);
      from(join.getRight(), from, frame);
      if (join.getCondition() != null) {
        frame.add(expr(join.getCondition()));
      }
      if (join.isNatural()) {
        // NATURAL joins on every common column: what it reads is every column of both sides
        frame.add(new Expr("natural", List.of(), List.of(""), List.of(), false, false, false));
      }
      return;
    }
    String alias = null;
    List<String> columns = new ArrayList<>();
    SqlNode source = n;
    if (n.getKind() == SqlKind.AS) {
      SqlCall as = (SqlCall) n;
      source = as.operand(0);
      alias = ((SqlIdentifier) as.operand(1)).getSimple().toLowerCase(Locale.ROOT);
      for (SqlNode c : as.getOperandList().subList(2, as.operandCount())) {
        columns.add(((SqlIdentifier) c).getSimple().toLowerCase(Locale.ROOT)); // AS q(i, g): by position
      }
    }
    if (source.getKind() == SqlKind.PIVOT || source.getKind() == SqlKind.UNPIVOT
        || source.getKind() == SqlKind.TABLESAMPLE) {
      // UNPIVOT drops the NULLs of the columns it names, PIVOT groups by the others, a sample keeps some
      // rows: each decides the rows from columns this reading does not list, so it reads every one
      frame.add(new Expr("pivot, unpivot or sample", List.of(), List.of(""), List.of(), false, false, false));
      int at = from.size();
      from(((SqlCall) source).operand(0), from, frame);
      if (alias != null && from.size() == at + 1) {
        FromItem under = from.remove(at);
        from.add(new FromItem(alias, under.table(), under.subquery(), under.args(), columns));
      }
      return;
    }
    if (source.getKind() == SqlKind.LATERAL) {
      // it reads the tables before it, in a scope this reader does not model: it may read anything
      from.add(new FromItem(alias, null, null, new Expr(text(source), List.of(), List.of(), List.of(), false, false,
          true)));
      return;
    }
    if (source instanceof SqlIdentifier id) {
      List<String> table = id.names.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
      from.add(new FromItem(alias != null ? alias : table.get(table.size() - 1), table, null, null, columns));
    } else if (source.getKind().belongsTo(SqlKind.QUERY) || source instanceof SqlWith) {
      from.add(new FromItem(alias, null, query(source), null, columns));
    } else {
      // a table function, UNNEST, VALUES: no model of its own, but it may read columns in scope
      from.add(new FromItem(alias, null, null, expr(source)));
    }
  }

  static Expr expr(SqlNode n) {
    Collector c = new Collector();
    n.accept(c);
    return new Expr(text(n), c.identifiers, c.stars, c.subqueries, c.aggregates, c.setReturning, false,
        c.unknownCall);
  }

  private static String text(SqlNode n) {
    try {
      return n.toSqlString(PostgresqlSqlDialect.DEFAULT).getSql();
    } catch (RuntimeException e) {
      return n.toString();
    }
  }

  /** Gathers what an expression reads. */
  private static final class Collector extends SqlBasicVisitor<Void> {
    final List<List<String>> identifiers = new ArrayList<>();
    final List<String> stars = new ArrayList<>();
    final List<QueryTree> subqueries = new ArrayList<>();
    boolean aggregates;
    boolean setReturning;
    String unknownCall;
    /** The window function of the {@code OVER} being visited: it keeps the rows, its arguments may not. */
    private SqlCall windowFunction;

    @Override
    public Void visit(SqlIdentifier id) {
      List<String> parts = id.names.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
      if (id.isStar()) {
        stars.add(String.join(".", parts.subList(0, parts.size() - 1)));
      } else {
        identifiers.add(parts);
      }
      return null;
    }

    @Override
    public Void visit(SqlCall call) {
      if (call.getKind().belongsTo(SqlKind.QUERY) || call instanceof SqlWith) {
        subqueries.add(query(call));
        return null;
      }
      if (call.getKind() == SqlKind.OVER) {
        SqlNode function = call.operand(0);
        while (function instanceof SqlCall c && (c.getKind() == SqlKind.IGNORE_NULLS
            || c.getKind() == SqlKind.RESPECT_NULLS || c.getKind() == SqlKind.FILTER)) {
          function = c.operand(0);
        }
        windowFunction = function instanceof SqlCall c ? c : null;
        return super.visit(call);
      }
      boolean windowed = call == windowFunction;
      String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
      if (!windowed && (call.getOperator().isAggregator() || FunctionKinds.aggregate(name))) {
        aggregates = true; // SUM(SUM(a)) OVER (): the inner SUM makes it an aggregate query
      }
      if (call.getKind() == SqlKind.UNNEST || FunctionKinds.setReturning(name)) {
        setReturning = true;
      }
      if (call.getOperator() instanceof SqlFunction function) {
        List<String> qualified = functionName(function, name);
        if (!windowed && unknownCall == null) {
          unknownCall = FunctionKinds.unknown(qualified);
        }
        if (qualified.size() > 1) {
          // DuckDB's method-call syntax: grp.upper() is upper(grp), p.grp.upper() upper(p.grp); a schema's
          // name read as a column over-states what it reads, never misses it
          identifiers.add(qualified.subList(0, qualified.size() - 1));
        }
      }
      if (call instanceof SqlBasicCall && call.getOperandList().isEmpty() && call.getOperator().getSyntax()
          == org.apache.calcite.sql.SqlSyntax.FUNCTION_ID) {
        return null; // CURRENT_DATE and its kind: a function, not a column
      }
      if (name.equals("columns")) {
        stars.add(""); // DuckDB's COLUMNS(...) picks columns by name or pattern: it may read any
      }
      for (SqlNode operand : call.getOperandList()) {
        if (operand instanceof SqlIdentifier id && id.isStar() && id.names.size() == 1) {
          continue; // COUNT(*) counts rows: it reads no column
        }
        if (operand != null && !(operand instanceof SqlLiteral)) {
          operand.accept(this);
        }
      }
      return null;
    }

    /** A function's name as written, schema included ({@code my_schema.f}), lower case. */
    private static List<String> functionName(SqlFunction function, String name) {
      SqlIdentifier id = function.getSqlIdentifier();
      return id == null ? List.of(name) : id.names.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }
  }
}
