package dev.venv.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.analysis.ChangeAssessment.Category;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChangeAssessmentTest {
  private static final String ORDERS = """
      SELECT CAST(o.order_id AS INTEGER) AS order_id, LOWER(TRIM(o.status)) AS order_status, o.quantity
      FROM raw.orders AS o
      WHERE o.quantity > 0""";

  @Test
  void addedColumnIsNonBreaking() {
    ChangeAssessment a = ModelAnalysis.assess(ORDERS, ORDERS.replace("o.quantity\n", "o.quantity, o.amount * 2 AS double_amount\n"));
    assertEquals(Category.NON_BREAKING, a.category(), a::toString);
    assertEquals(List.of("double_amount"), a.added());
    assertEquals("calcite", a.parser());
  }

  @Test
  void addedColumnAnywhereIsNonBreaking() {
    ChangeAssessment a = ModelAnalysis.assess(ORDERS, ORDERS.replace("SELECT ", "SELECT 1 AS one, "));
    assertEquals(Category.NON_BREAKING, a.category(), a::toString);
  }

  @Test
  void changedExpressionIsPartialBreaking() {
    ChangeAssessment a = ModelAnalysis.assess(ORDERS, ORDERS.replace("LOWER(TRIM", "UPPER(TRIM"));
    assertEquals(Category.PARTIAL_BREAKING, a.category(), a::toString);
    assertEquals(Set.of("order_status"), a.changed());
  }

  @Test
  void removedColumnIsPartialBreaking() {
    ChangeAssessment a = ModelAnalysis.assess(ORDERS, ORDERS.replace(", o.quantity\n", "\n"));
    assertEquals(Category.PARTIAL_BREAKING, a.category(), a::toString);
    assertEquals(Set.of("quantity"), a.changed());
  }

  @Test
  void whereChangeIsBreaking() {
    ChangeAssessment a = ModelAnalysis.assess(ORDERS, ORDERS.replace("> 0", ">= 0"));
    assertEquals(Category.BREAKING, a.category());
    assertTrue(a.reason().contains("WHERE"), a.reason());
  }

  @Test
  void reformatIsNoChange() {
    ChangeAssessment a = ModelAnalysis.assess(ORDERS, ORDERS.replace("\n", "\n\n  ").replace("AS INTEGER", "as integer"));
    assertEquals(Category.NON_BREAKING, a.category());
    assertTrue(a.added().isEmpty() && a.changed().isEmpty());
  }

  @Test
  void rowChangingAdditionsAreBreaking() {
    String distinct = "SELECT DISTINCT a FROM t";
    assertEquals(Category.BREAKING, ModelAnalysis.assess(distinct, "SELECT DISTINCT a, b FROM t").category());
    assertEquals(Category.BREAKING, ModelAnalysis.assess("SELECT a FROM t", "SELECT a, COUNT(*) AS n FROM t").category());
    assertEquals(Category.BREAKING,
        ModelAnalysis.assess("SELECT a, COUNT(*) AS n FROM t GROUP BY 1", "SELECT b, a, COUNT(*) AS n FROM t GROUP BY 1").category());
    assertEquals(Category.NON_BREAKING,
        ModelAnalysis.assess("SELECT a, COUNT(*) AS n FROM t GROUP BY a", "SELECT a, COUNT(*) AS n, SUM(x) AS s FROM t GROUP BY a").category());
    assertEquals(Category.BREAKING,
        ModelAnalysis.assess("SELECT a, b FROM t ORDER BY b", "SELECT a, b + 1 AS b FROM t ORDER BY b").category());
    assertEquals(Category.BREAKING,
        ModelAnalysis.assess("SELECT a FROM t", "SELECT a, UNNEST(l) AS x FROM t").category());
    assertEquals(Category.BREAKING, ModelAnalysis.assess("SELECT a, SUM(b) AS s FROM t GROUP BY ALL",
        "SELECT a, c, SUM(b) AS s FROM t GROUP BY ALL").category());
  }

  /** Issue 9's attack: changes once called partial breaking though the rows change with the column. */
  @Test
  void rowChangingChangesAreBreaking() {
    for (String[] c : new String[][] {
        {"SELECT DISTINCT grp, a FROM t", "SELECT DISTINCT grp, a * 0 AS a FROM t"},
        {"SELECT DISTINCT ON (grp) grp, a FROM t ORDER BY grp, a", "SELECT DISTINCT ON (grp) grp, a * 0 AS a FROM t ORDER BY grp, a"},
        {"SELECT grp, a AS g2, count(*) AS n FROM t GROUP BY 1, 2", "SELECT grp, a * 0 AS g2, count(*) AS n FROM t GROUP BY 1, 2"},
        {"SELECT grp, a AS g2, count(*) AS n FROM t GROUP BY ALL", "SELECT grp, a * 0 AS g2, count(*) AS n FROM t GROUP BY ALL"},
        {"SELECT id, a FROM t ORDER BY 2 DESC, 1 LIMIT 3", "SELECT id, a * 0 AS a FROM t ORDER BY 2 DESC, 1 LIMIT 3"},
        {"SELECT id, a AS z FROM t ORDER BY z LIMIT 3", "SELECT id, a * 0 AS z FROM t ORDER BY z LIMIT 3"},
        {"SELECT id, a FROM t ORDER BY id LIMIT 3", "SELECT id, a * 0 AS a FROM t ORDER BY id LIMIT 3"},
        {"SELECT id, a FROM t ORDER BY id OFFSET 3", "SELECT id, a * 0 AS a FROM t ORDER BY id OFFSET 3"},
        {"SELECT id, a FROM t ORDER BY id FETCH FIRST 3 ROWS ONLY", "SELECT id, a * 0 AS a FROM t ORDER BY id FETCH FIRST 3 ROWS ONLY"},
        {"SELECT id, a AS z, z + 0 AS w FROM t", "SELECT id, a * 0 AS z, z + 0 AS w FROM t"}}) {
      ChangeAssessment a = ModelAnalysis.assess(c[0], c[1]);
      assertEquals(Category.BREAKING, a.category(), () -> c[0] + " -> " + c[1] + ": " + a);
    }
    assertEquals(Category.PARTIAL_BREAKING,
        ModelAnalysis.assess("SELECT id, a, b FROM t ORDER BY id", "SELECT id, a * 0 AS a, b FROM t ORDER BY id").category());
  }

  /** Issue 9's attack (C): a name's spelling is the column (PostgreSQL's quoted names, DuckDB's labels). */
  @Test
  void aRenameByCaseIsBreaking() {
    for (String[] c : new String[][] {
        {"SELECT id, a FROM t", "SELECT id, a AS \"A\" FROM t"},
        {"SELECT id, a AS b FROM t", "SELECT id, a AS \"B\" FROM t"},
        {"SELECT id, a AS b FROM t", "SELECT id, a AS B FROM t"},
        {"SELECT id, a AS \"A\" FROM t", "SELECT id, a AS \"a\" FROM t"},
        {"SELECT * EXCLUDE (b), a AS x FROM t", "SELECT * EXCLUDE (b), a AS \"X\" FROM t"}}) {
      ChangeAssessment a = ModelAnalysis.assess(c[0], c[1]);
      assertEquals(Category.BREAKING, a.category(), () -> c[0] + " -> " + c[1] + ": " + a);
    }
    assertEquals(Category.NON_BREAKING,
        ModelAnalysis.assess("SELECT id, a AS \"a\" FROM t", "SELECT id,\n  a AS a FROM t").category());
  }

  /**
   * Issue 9's second review (5, 6): a function the analysis does not know to return one value per
   * row may be an aggregate or return several rows, so a column that comes to call one is breaking.
   */
  @Test
  void aFunctionNotKnownToKeepTheRowsIsBreaking() {
    String before = "SELECT 1 AS k, a FROM t";
    for (String f : List.of("regexp_matches(b, 'x')", "json_array_elements_text(j)", "jsonb_object_keys(j)",
        "jsonb_path_query(j, '$.a')", "json_object_keys(j)", "count_star()", "sem(a)", "range_agg(r)",
        "rank(3) WITHIN GROUP (ORDER BY a)", "sum(sum(a)) OVER ()", "my_schema.my_function(a)",
        "a::integer + jsonb_array_length(jsonb_path_query(j, '$.a'))")) {
      ChangeAssessment a = ModelAnalysis.assess(before, "SELECT 1 AS k, " + f + " AS a FROM t");
      assertEquals(Category.BREAKING, a.category(), () -> f + ": " + a);
      ChangeAssessment added = ModelAnalysis.assess(before, "SELECT 1 AS k, a, " + f + " AS z FROM t");
      assertEquals(Category.BREAKING, added.category(), () -> f + " added: " + added);
    }
    for (String f : List.of("abs(a)", "coalesce(a, 0)", "upper(trim(b))", "CAST(a AS INTEGER)", "a::integer",
        "round(a * 1.5, 2)", "CASE WHEN a = 3 THEN 0 ELSE a END", "substring(b, 1, 2)", "date_trunc('day', d)",
        "sum(a) OVER (PARTITION BY b)", "rank() OVER (ORDER BY a)", "greatest(a, 0) || lower(b)",
        "count(*) FILTER (WHERE a > 1) OVER ()", "CAST(a AS BIT(8))", "a::bit(8)", "CAST(a AS VARCHAR(8))")) {
      ChangeAssessment a = ModelAnalysis.assess(before, "SELECT 1 AS k, " + f + " AS a FROM t");
      assertEquals(Category.PARTIAL_BREAKING, a.category(), () -> f + ": " + a);
    }
  }

  /**
   * Issue 9's fourth review: a model whose rows follow the order it reads rows in (ties of an
   * ORDER BY included) may get other rows from any rebuild, so any change to it is breaking.
   */
  @Test
  void aModelWhoseRowsFollowTheOrderItReadsRowsInIsBreakingForAnyChange() {
    for (String q : List.of("SELECT a, b FROM t LIMIT 3", "SELECT a, b FROM t ORDER BY a LIMIT 3",
        "SELECT a, b, row_number() OVER (ORDER BY a) AS n FROM t", "SELECT a, b, string_agg(c, ',') AS s FROM t GROUP BY a, b",
        "SELECT DISTINCT ON (a) a, b FROM t", "SELECT a, b FROM (SELECT * FROM t LIMIT 5) AS x",
        "SELECT a, b, sum(c) OVER (ORDER BY a ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS s FROM t")) {
      ChangeAssessment a = ModelAnalysis.assess(q, q.replaceFirst("a, b", "a, b, 1 AS added"));
      assertEquals(Category.BREAKING, a.category(), () -> q + ": " + a);
      assertTrue(a.reason().contains("order"), a::reason);
    }
    for (String q : List.of("SELECT a, b, \"limit\" FROM t", "SELECT a, b, t.offset FROM t",
        "SELECT a, b, sample + 1 AS o FROM t", "SELECT a, b, rank() OVER (ORDER BY a) AS r FROM t")) {
      ChangeAssessment a = ModelAnalysis.assess(q, q.replaceFirst("a, b", "a, b, 1 AS added"));
      assertEquals(Category.NON_BREAKING, a.category(), () -> q + ": " + a);
    }
  }

  /**
   * Issue 9's fifth review: SQL gives an aggregate of outer columns in a subquery to the outer
   * query, so {@code (SELECT max(a))} collapses a query without GROUP BY to one row.
   */
  @Test
  void anAggregateOfOuterColumnsInASubqueryAggregatesTheOuterQuery() {
    String before = "SELECT 1 AS k, a FROM t";
    for (String f : List.of("(SELECT max(a))", "CASE WHEN a > 0 THEN 0 ELSE (SELECT count(a)) END",
        "(SELECT max(a) FROM u)", "(SELECT max(u.x + a) FROM u)", "(SELECT (SELECT sum(a)))")) {
      ChangeAssessment a = ModelAnalysis.assess(before, "SELECT 1 AS k, " + f + " AS a FROM t");
      assertEquals(Category.BREAKING, a.category(), () -> f + ": " + a);
    }
    ChangeAssessment own = ModelAnalysis.assess(before, "SELECT 1 AS k, (SELECT max(u.x) FROM u) AS a FROM t");
    assertEquals(Category.PARTIAL_BREAKING, own.category(), own::toString);
  }

  /** Issue 9's fourth review: Calcite prints these pairs alike; the backends read them apart. */
  @Test
  void aChangeAParserPrintsAlikeIsAChange() {
    for (String[] c : new String[][] {{"v * 3 ^ 2", "(v * 3) ^ 2"}, {"v / 2", "v / 2."}, {"v & 3 + 1", "(v & 3) + 1"},
        {"\"\u00e9\"", "\u00c9"}, {"a IS DISTINCT FROM b = c", "(a IS DISTINCT FROM b) = c"}}) {
      ChangeAssessment a = ModelAnalysis.assess("SELECT id, " + c[0] + " AS h FROM t", "SELECT id, " + c[1] + " AS h FROM t");
      assertEquals(Category.PARTIAL_BREAKING, a.category(), () -> c[0] + " -> " + c[1] + ": " + a);
      assertEquals(Set.of("h"), a.changed());
      ChangeAssessment where = ModelAnalysis.assess("SELECT id FROM t WHERE " + c[0] + " > 0",
          "SELECT id FROM t WHERE " + c[1] + " > 0");
      assertEquals(Category.BREAKING, where.category(), () -> c[0] + " -> " + c[1] + " in WHERE: " + where);
    }
    assertEquals(Category.NON_BREAKING, ModelAnalysis.assess("SELECT id, v / 2 AS h FROM t -- halved",
        "select id,\n  V / 2 as h from t").category(), "comments, spacing and the case of ASCII words are no change");
  }

  @Test
  void duckDbSyntaxFallsToJSqlParser() {
    String before = "SELECT * EXCLUDE (secret), a + 1 AS b FROM t";
    ChangeAssessment a = ModelAnalysis.assess(before, before + " WHERE a > 1");
    assertEquals(Category.BREAKING, a.category());
    ChangeAssessment added = ModelAnalysis.assess(before, "SELECT * EXCLUDE (secret), a + 1 AS b, 2 AS c FROM t");
    assertEquals(Category.NON_BREAKING, added.category(), added::toString);
    assertEquals("jsqlparser", added.parser());
  }

  @Test
  void anAddedWindowFunctionKeepsTheRowsInEitherParser() {
    assertEquals(Category.NON_BREAKING, ModelAnalysis.assess("SELECT a, b FROM t",
        "SELECT a, b, SUM(b) OVER (PARTITION BY a) AS s FROM t").category());
    ChangeAssessment duck = ModelAnalysis.assess("SELECT * EXCLUDE (c), b FROM t",
        "SELECT * EXCLUDE (c), b, SUM(b) OVER (PARTITION BY a) AS s FROM t");
    assertEquals("jsqlparser", duck.parser());
    assertEquals(Category.NON_BREAKING, duck.category(), duck::toString);
  }

  @Test
  void unparseableIsBreakingWithAReason() {
    ChangeAssessment a = ModelAnalysis.assess("SELECT a FROM t", "SELECT a FROM t WHERE ((");
    assertEquals(Category.BREAKING, a.category());
    assertEquals("none", a.parser());
    assertTrue(a.reason().startsWith("neither parser reads it"), a.reason());
  }

  @Test
  void removingARowChangingColumnIsBreaking() {
    String srf = "SELECT id, unnest(string_to_array(s, ',')) AS part FROM ext.t";
    for (String after : List.of("SELECT id, s AS part FROM ext.t", "SELECT id FROM ext.t")) {
      ChangeAssessment a = ModelAnalysis.assess(srf, after);
      assertEquals(Category.BREAKING, a.category(), a::toString);
    }
    ChangeAssessment sem = ModelAnalysis.assess("SELECT 1 AS k, sem(a) AS a FROM ext.t", "SELECT 1 AS k FROM ext.t");
    assertEquals(Category.BREAKING, sem.category(), sem::toString);
    assertTrue(sem.reason().contains("sem"), sem.reason());
  }

  @Test
  void integerDivisionIsNotReadAsAComment() {
    ChangeAssessment a = ModelAnalysis.assess("SELECT id,\n a // 7 AS weeks,\n g\n FROM ext.t",
        "SELECT id,\n a // 5 AS weeks,\n g\n FROM ext.t");
    assertEquals(Category.BREAKING, a.category(), a::toString);
    assertEquals("none", a.parser());
    ChangeAssessment where = ModelAnalysis.assess("SELECT id, a // 7 AS q FROM ext.t",
        "SELECT id, a // 7 AS q FROM ext.t WHERE a > 20");
    assertEquals(Category.BREAKING, where.category(), where::toString);
    // in a string or a comment it is no operator
    ChangeAssessment string = ModelAnalysis.assess("SELECT id, 'http://x' AS u FROM ext.t -- a // b",
        "SELECT id, 'http://x' AS u, 1 AS one FROM ext.t -- a // b");
    assertEquals(Category.NON_BREAKING, string.category(), string::toString);
  }

  @Test
  void anAliasNamedInASubqueryIsRead() {
    ChangeAssessment item = ModelAnalysis.assess("SELECT id, a AS z, (SELECT z + 0) AS w, g FROM ext.t",
        "SELECT id, a * 2 AS z, (SELECT z + 0) AS w, g FROM ext.t");
    assertEquals(Category.BREAKING, item.category(), item::toString);
    for (String where : List.of("(SELECT y) > 25", "EXISTS (SELECT 1 FROM ext.u WHERE u.id = y)", "id IN (SELECT y)")) {
      ChangeAssessment a = ModelAnalysis.assess("SELECT id, a AS y FROM ext.t WHERE " + where,
          "SELECT id, a * 10 AS y FROM ext.t WHERE " + where);
      assertEquals(Category.BREAKING, a.category(), () -> where + ": " + a);
      assertTrue(a.reason().contains("WHERE"), a.reason());
    }
  }

  @Test
  void orderByAllWithLimitFollowsTheSelectList() {
    String before = "SELECT g, id FROM ext.t ORDER BY ALL LIMIT 2";
    for (String after : List.of("SELECT k, g, id FROM ext.t ORDER BY ALL LIMIT 2",
        "SELECT g, id, k FROM ext.t ORDER BY ALL LIMIT 2", "SELECT g * 2 AS g, id FROM ext.t ORDER BY ALL LIMIT 2")) {
      ChangeAssessment a = ModelAnalysis.assess(before, after);
      assertEquals(Category.BREAKING, a.category(), () -> after + ": " + a);
    }
  }
}
