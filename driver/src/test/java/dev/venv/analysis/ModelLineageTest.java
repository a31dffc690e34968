package dev.venv.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelLineageTest {
  private static final Set<String> MODELS = Set.of("staging.stg_orders", "staging.stg_products", "staging.stg_customers");

  private static ColumnRef ref(String t, String c) {
    return new ColumnRef(t, c);
  }

  @Test
  void resolvesAliasesThroughCtes() {
    ModelLineage l = ModelAnalysis.lineage("""
        WITH v AS (SELECT o.customer_id, o.quantity * p.unit_price AS order_value FROM staging.stg_orders AS o
                   JOIN staging.stg_products AS p ON p.product_id = o.product_id)
        SELECT c.customer_id, SUM(v.order_value) AS revenue FROM staging.stg_customers AS c
        LEFT JOIN v ON v.customer_id = c.customer_id GROUP BY c.customer_id""", MODELS, List.of());
    assertEquals("calcite", l.parser());
    assertEquals(Set.of(ref("staging.stg_orders", "quantity"), ref("staging.stg_products", "unit_price")),
        l.columns().get("revenue"));
    assertEquals(Set.of(ref("staging.stg_customers", "customer_id"), ref("staging.stg_orders", "customer_id"),
        ref("staging.stg_orders", "product_id"), ref("staging.stg_products", "product_id")), l.frame());
  }

  @Test
  void impactFollowsTheColumnsRead() {
    ModelLineage l = ModelAnalysis.lineage("SELECT p.product_id, p.category FROM staging.stg_products AS p",
        MODELS, List.of());
    assertEquals(Impact.columns(Set.of("category")), l.impactOf("staging.stg_products", Impact.columns(Set.of("category"))));
    assertEquals(Impact.NONE, l.impactOf("staging.stg_products", Impact.columns(Set.of("unit_price"))));
    assertEquals(Impact.ALL, l.impactOf("staging.stg_products", Impact.ALL));
    ModelLineage star = ModelAnalysis.lineage("SELECT * FROM staging.stg_products", MODELS, List.of());
    assertEquals(Impact.ALL, star.impactOf("staging.stg_products", Impact.columns(Set.of("new_column"))));
    ModelLineage filter = ModelAnalysis.lineage("SELECT product_id FROM staging.stg_products WHERE category = 'x'",
        MODELS, List.of());
    assertEquals(Impact.ALL, filter.impactOf("staging.stg_products", Impact.columns(Set.of("category"))));
  }

  /**
   * Syntax words that may also name a column (PARTITION, BY, NULLS, PRECEDING, ESCAPE, BETWEEN…) are
   * read as syntax where they stand as syntax: a window or a LIKE … ESCAPE reads only its columns,
   * under either parser (a list literal sends the second query to JSqlParser).
   */
  @Test
  void syntaxWordsInTheirPlaceReadNoColumn() {
    List<String> parsers = new java.util.ArrayList<>();
    for (String q : List.of("""
        SELECT product_id, SUM(unit_price) OVER (PARTITION BY category ORDER BY product_id NULLS FIRST
          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING) AS run_total
        FROM staging.stg_products WHERE category LIKE 'a!%' ESCAPE '!' AND product_id BETWEEN 1 AND 9""", """
        SELECT product_id, SUM(unit_price) OVER (PARTITION BY category ORDER BY product_id NULLS FIRST
          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING) AS run_total
        FROM staging.stg_products WHERE category LIKE 'a!%' ESCAPE '!' AND product_id BETWEEN 1 AND 9
        LIMIT [1, 2][1]""")) {
      ModelLineage l = ModelAnalysis.lineage(q, MODELS, List.of());
      assertEquals(Set.of(ref("staging.stg_products", "unit_price"), ref("staging.stg_products", "category"),
          ref("staging.stg_products", "product_id")), l.columns().get("run_total"), l.parser() + ": " + q);
      assertEquals(Set.of(ref("staging.stg_products", "category"), ref("staging.stg_products", "product_id")),
          l.frame(), l.parser() + ": " + q);
      parsers.add(l.parser());
    }
    assertEquals(List.of("calcite", "jsqlparser"), parsers);
  }

  /** Issue 9's attack (A4): a rebuilt reader whose row count may follow a changed column changes everything. */
  @Test
  void aReaderThatMayChangeItsRowsPassesOnEverything() {
    Impact category = Impact.columns(Set.of("category"));
    for (String q : List.of(
        "SELECT DISTINCT category FROM staging.stg_products",
        "SELECT category, COUNT(*) AS n FROM staging.stg_products GROUP BY category",
        "SELECT product_id, UNNEST(string_to_array(category, ',')) AS c FROM staging.stg_products",
        "SELECT product_id, category FROM staging.stg_products ORDER BY product_id LIMIT 3",
        "SELECT product_id, ROW_NUMBER() OVER (ORDER BY category) AS r FROM staging.stg_products",
        "SELECT product_id, category FROM staging.stg_products UNION ALL SELECT product_id, category FROM staging.stg_products",
        "SELECT DISTINCT ON (product_id) product_id, category FROM staging.stg_products",
        "SELECT q.category FROM (SELECT DISTINCT category FROM staging.stg_products) AS q")) {
      assertEquals(Impact.ALL, ModelAnalysis.lineage(q, MODELS, List.of("staging.stg_products"))
          .impactOf("staging.stg_products", category), q);
    }
    assertEquals(Impact.columns(Set.of("c")), ModelAnalysis.lineage(
        "SELECT p.product_id, UPPER(p.category) AS c FROM staging.stg_products AS p WHERE p.product_id > 0", MODELS,
        List.of("staging.stg_products")).impactOf("staging.stg_products", category));
  }

  /** Issue 9's attack (A3, A2): whole rows and correlated derived tables read every column they can see. */
  @Test
  void wholeRowsAndLateralTablesReadEverything() {
    Impact category = Impact.columns(Set.of("category"));
    for (String q : List.of(
        "SELECT product_id, to_json(p) AS j FROM staging.stg_products AS p",
        "SELECT product_id, row_to_json(p)::text AS j FROM staging.stg_products AS p",
        "SELECT product_id, stg_products::text AS j FROM staging.stg_products",
        "SELECT p FROM staging.stg_products AS p",
        "SELECT o.product_id, l.x FROM staging.stg_products AS o, LATERAL (SELECT o.category || 'x' AS x) AS l",
        "SELECT o.product_id, l.x FROM staging.stg_products AS o, (SELECT o.category || 'x' AS x) AS l")) {
      ModelLineage l = ModelAnalysis.lineage(q, MODELS, List.of("staging.stg_products"));
      assertTrue(!l.impactOf("staging.stg_products", category).none(), q);
      assertTrue(l.reads("staging.stg_products", "unit_price"), q);
      l.columns().values().forEach(refs -> refs.forEach(r -> assertTrue(!r.column().equals("p")
          && !r.column().equals("stg_products"), () -> q + " claims a column " + r)));
    }
  }

  /**
   * Issue 9's second review (1-4): where a reader may name a column otherwise than the analysis does
   * (a column alias list, a name the backend generates or renames, COLUMNS(...)), it reads every
   * column the name may be.
   */
  @Test
  void namesTheAnalysisCannotPlaceReadEveryColumnTheyMayBe() {
    Impact category = Impact.columns(Set.of("category"));
    for (String q : List.of(
        "SELECT product_id, category || 'x' FROM staging.stg_products",
        "SELECT product_id, category, category FROM staging.stg_products",
        "SELECT product_id AS category, category FROM staging.stg_products",
        "SELECT product_id, COLUMNS('^category$') FROM staging.stg_products",
        "SELECT o.*, p.category AS c FROM staging.stg_orders AS o JOIN staging.stg_products AS p ON p.product_id = o.product_id",
        "SELECT product_id, regexp_matches(category, 'x') AS m FROM staging.stg_products")) {
      assertEquals(Impact.ALL, ModelAnalysis.lineage(q, MODELS, List.of("staging.stg_products"))
          .impactOf("staging.stg_products", category), q);
    }
    for (String q : List.of(
        "SELECT q.product_id FROM staging.stg_products AS q(category, product_id)",
        "SELECT product_id FROM staging.stg_products q(category, product_id)",
        "SELECT x.c1 FROM (SELECT category AS c2, product_id AS c1 FROM staging.stg_products) AS x(c1, c2)",
        "WITH x(c1, c2) AS (SELECT *, product_id AS z FROM staging.stg_products) SELECT c2 FROM x",
        "WITH x AS (SELECT product_id, category FROM staging.stg_products) SELECT y.product_id FROM x AS y(category, product_id)",
        "SELECT \"(category || 'x')\" AS x FROM (SELECT category || 'x' FROM staging.stg_products) AS e, staging.stg_orders AS o",
        "SELECT * FROM staging.stg_orders UNION ALL SELECT product_id, category FROM staging.stg_products")) {
      ModelLineage l = ModelAnalysis.lineage(q, MODELS, List.of("staging.stg_products", "staging.stg_orders"));
      assertTrue(l.reads("staging.stg_products", "category"), () -> q + " " + l);
      assertTrue(!l.impactOf("staging.stg_products", category).none(), () -> q + " " + l);
    }
    assertEquals(Impact.columns(Set.of("c")), ModelAnalysis.lineage(
        "SELECT product_id, upper(category) AS c, unit_price FROM staging.stg_products", MODELS,
        List.of("staging.stg_products")).impactOf("staging.stg_products", category), "named once each: precise");
    assertEquals(Set.of(ref("staging.stg_products", "product_id")), ModelAnalysis.lineage(
        "SELECT product_id, COLUMNS('^category$'), [1] AS l FROM staging.stg_products", MODELS,
        List.of("staging.stg_products")).columns().get("product_id"), "one select's other columns read what they name");
  }

  @Test
  void unreadableQueryReadsEverything() {
    ModelLineage l = ModelAnalysis.lineage("SELECT FROM WHERE ((", MODELS, List.of("staging.stg_orders"));
    assertEquals("none", l.parser());
    assertEquals(Impact.ALL, l.impactOf("staging.stg_orders", Impact.columns(Set.of("x"))));
  }

  @Test
  void duckDbSyntax() {
    for (String q : List.of(
        "SELECT * EXCLUDE (category) FROM staging.stg_products",
        "SELECT product_id, category FROM staging.stg_products QUALIFY row_number() OVER (PARTITION BY category ORDER BY product_id) = 1",
        "SELECT category, COUNT(*) AS n FROM staging.stg_products GROUP BY ALL",
        "SELECT [1, 2, 3] AS l, {'a': category} AS s FROM staging.stg_products",
        "SELECT MIN(COLUMNS(*)) FROM staging.stg_products",
        "FROM staging.stg_products SELECT category")) {
      ModelLineage l = ModelAnalysis.lineage(q, MODELS, List.of("staging.stg_products"));
      assertEquals(Impact.ALL.all(), !l.impactOf("staging.stg_products", Impact.columns(Set.of("category"))).none(), q + " " + l);
      System.out.println(l.parser() + ": " + q + " -> " + l);
    }
  }

  @Test
  void systemColumnsReadTheWholeTable() {
    for (String q : List.of("SELECT product_id, rowid AS r FROM staging.stg_products",
        "SELECT p.product_id, p.ctid AS r FROM staging.stg_products AS p",
        "SELECT product_id, xmin AS r FROM staging.stg_products", "SELECT product_id, tableoid AS r FROM staging.stg_products")) {
      ModelLineage l = ModelAnalysis.lineage(q, MODELS, List.of());
      assertTrue(l.columns().get("r").contains(ref("staging.stg_products", ColumnRef.ALL)), () -> q + ": " + l);
      assertEquals(Impact.columns(Set.of("r")), l.impactOf("staging.stg_products", Impact.columns(Set.of("unit_price"))));
    }
  }

  @Test
  void integerDivisionReadsEverything() {
    ModelLineage l = ModelAnalysis.lineage("SELECT product_id, unit_price // 7 AS w FROM staging.stg_products", MODELS,
        List.of("staging.stg_products"));
    assertEquals("none", l.parser());
    assertTrue(l.columns().isEmpty(), l::toString);
    assertEquals(Impact.ALL, l.impactOf("staging.stg_products", Impact.columns(Set.of("category"))));
  }
}
