package dev.venv.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelReferenceRewriterTest {

  private static final Map<String, String> MODELS = Map.of(
      "staging.orders", "P_ORDERS",
      "staging.customers", "P_CUSTOMERS",
      "analytics.revenue", "P_REVENUE");

  private static final ModelReferenceRewriter REWRITER = ModelReferenceRewriter.of(MODELS, SqlDialect.DUCKDB);

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT 1",
      "",
      "SELECT * FROM raw.customers c JOIN orders o ON c.id = o.id",
      "SELECT 'staging.orders' -- staging.orders\n/* staging.orders */",
      "SELECT $$staging.orders$$, \"staging.orders\" FROM staging.orders_2",
      "SELECT * FROM staging.'orders'"})
  void returnsTheSameInstanceWhenNothingMatches(String sql) {
    String copy = new String(sql);
    assertSame(copy, REWRITER.rewrite(copy));
    assertEquals(List.of(), REWRITER.find(copy));
    assertEquals(Set.of(), REWRITER.referencedModels(copy));
  }

  @Test
  void findsSpansOfTheSchemaAndTableOnly() {
    String sql = "SELECT w.staging.orders.id FROM \"Staging\" /* x */ . \"ORDERS\"";
    assertEquals(List.of(
            new ModelReference("staging.orders", 7, 23, ModelReference.Role.COLUMN_QUALIFIER),
            new ModelReference("staging.orders", 32, 60, ModelReference.Role.TABLE_WITHOUT_ALIAS)),
        REWRITER.find(sql));
    assertEquals("SELECT \"orders\".id FROM P_ORDERS AS \"ORDERS\"", REWRITER.rewrite(sql));
  }

  @Test
  void referencedModelsAreInOrderOfFirstAppearance() {
    Set<String> models = REWRITER.referencedModels(
        "SELECT * FROM analytics.revenue, staging.orders o, Analytics.Revenue, staging.customers, staging.orders");
    assertEquals(List.of("analytics.revenue", "staging.orders", "staging.customers"), List.copyOf(models));
    assertTrue(models instanceof LinkedHashSet);
  }

  @Test
  void quotedPartsUnescapeBeforeComparing() {
    ModelReferenceRewriter rewriter = ModelReferenceRewriter.of(
        Map.of("we\"ird.t", "P_WEIRD", "staging.orders", "P_ORDERS"), SqlDialect.POSTGRES);
    assertEquals("SELECT * FROM P_WEIRD AS \"t\"", rewriter.rewrite("SELECT * FROM \"WE\"\"IRD\".t"));
    assertEquals("SELECT * FROM P_ORDERS AS \"orders\"", rewriter.rewrite("SELECT * FROM U&\"st\\0061ging\".\"orders\""));
    assertEquals("SELECT * FROM P_ORDERS AS \"orders\"", rewriter.rewrite("SELECT * FROM U&\"\\+000073taging\".orders"));
    // A malformed escape is the backend's error to report; it is simply not a reference.
    String malformed = "SELECT * FROM U&\"\\zzzz\".orders";
    assertSame(malformed, rewriter.rewrite(malformed));
  }

  @Test
  void unterminatedQuotedPartIsNotAReference() {
    String sql = "SELECT * FROM staging.\"orders";
    assertSame(sql, REWRITER.rewrite(sql));
  }

  @Test
  void chainsStopAtNonIdentifiers() {
    assertEquals("SELECT \"orders\".*, \"customers\".\"*\" FROM x",
        REWRITER.rewrite("SELECT staging.orders.*, staging.customers.\"*\" FROM x"));
    assertEquals("SELECT 1.5, staging.5, P_ORDERS", REWRITER.rewrite("SELECT 1.5, staging.5, staging.orders"));
  }

  @Test
  void longChainsMatchOnlyAtTheFirstTwoPositions() {
    assertEquals("SELECT a.b.staging.orders, \"orders\".x.y",
        REWRITER.rewrite("SELECT a.b.staging.orders, staging.orders.x.y"));
    assertEquals("SELECT \"orders\".col.field", REWRITER.rewrite("SELECT c.staging.orders.col.field"));
  }

  @Test
  void nonAsciiAndCaseFoldedNames() {
    ModelReferenceRewriter rewriter = ModelReferenceRewriter.of(Map.of("störe.straße", "P"), SqlDialect.DUCKDB);
    assertEquals("SELECT * FROM P AS \"straße\"", rewriter.rewrite("SELECT * FROM STÖRE.STRAßE"));
    assertEquals("SELECT * FROM P AS \"straße\"", rewriter.rewrite("SELECT * FROM \"Störe\".straße"));
  }

  @Test
  void keysAreMatchedIgnoringTheirCaseAndNamedInLowerCase() {
    ModelReferenceRewriter rewriter = ModelReferenceRewriter.of(Map.of("Staging.Orders", "P"), SqlDialect.DUCKDB);
    assertEquals(List.of(new ModelReference("staging.orders", 14, 28, ModelReference.Role.TABLE_WITHOUT_ALIAS)),
        rewriter.find("SELECT * FROM staging.orders"));
  }

  @Test
  void manyModelsAndSchemas() {
    Map<String, String> models = new java.util.HashMap<>();
    for (int s = 0; s < 50; s++) {
      for (int t = 0; t < 40; t++) {
        models.put("s" + s + ".t" + t, "P_" + s + "_" + t);
      }
    }
    ModelReferenceRewriter rewriter = ModelReferenceRewriter.of(models, SqlDialect.POSTGRES);
    assertEquals("SELECT * FROM P_49_39 AS \"t39\" JOIN P_0_0 AS \"t0\" ON true JOIN s50.t0 ON true JOIN s1.t40 ON true",
        rewriter.rewrite("SELECT * FROM s49.t39 JOIN S0.T0 ON true JOIN s50.t0 ON true JOIN s1.t40 ON true"));
  }

  @Test
  void emptyModelSetMatchesNothing() {
    ModelReferenceRewriter rewriter = ModelReferenceRewriter.of(Map.of(), SqlDialect.DUCKDB);
    String sql = "SELECT * FROM staging.orders";
    assertSame(sql, rewriter.rewrite(sql));
  }

  @ParameterizedTest
  @ValueSource(strings = {"orders", "staging.", ".orders", "a.b.c", ""})
  void rejectsNamesThatAreNotSchemaDotTable(String name) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelReferenceRewriter.of(Map.of(name, "x"), SqlDialect.DUCKDB));
    assertTrue(e.getMessage().contains("'" + name + "'"), e::getMessage);
  }

  @Test
  void rejectsNamesThatDifferOnlyInCase() {
    assertThrows(IllegalArgumentException.class, () -> ModelReferenceRewriter.of(
        Map.of("staging.orders", "a", "STAGING.orders", "b"), SqlDialect.DUCKDB));
  }

  @Test
  void rejectsNulls() {
    assertThrows(NullPointerException.class, () -> ModelReferenceRewriter.of(null, SqlDialect.DUCKDB));
    assertThrows(NullPointerException.class, () -> ModelReferenceRewriter.of(Map.of(), null));
    assertThrows(NullPointerException.class, () -> REWRITER.rewrite(null));
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void rewritingIsIdempotentOnPhysicalNames(SqlDialect dialect) {
    ModelReferenceRewriter rewriter = ModelReferenceRewriter.of(
        Map.of("staging.orders", "venv__staging.staging__orders__1a2b3c4d5e6f7a8b"), dialect);
    String once = rewriter.rewrite("SELECT * FROM staging.orders");
    assertSame(once, rewriter.rewrite(once));
  }
}
