package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.sql.RoutedTemplate;
import dev.venv.sql.SessionPath;
import dev.venv.sql.SqlDialect;
import dev.venv.sql.SqlLexer;
import dev.venv.sql.SqlRouter;
import dev.venv.sql.SqlTokens;
import dev.venv.sql.TextShape;
import dev.venv.sql.TokenKind;
import dev.venv.state.Environment;
import dev.venv.state.PhysicalName;
import dev.venv.state.Snapshot;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A text routed by its shape's template (a text routed before but for its numbers) is routed
 * exactly as routing it afresh would: the same text to send, the same decisions. The oracle is the
 * router itself, over every SQL text the other routing tests use and texts with numbers in every
 * place they occur, each with its numbers replaced by numbers of other lengths and forms.
 */
class RoutedShapeTest {
  /** The models the corpora's texts name, held by dev; {@code marts.slow_totals} only by prod. */
  private static final List<String> MODELS = List.of("marts.orders", "staging.customers", "staging.orders",
      "analytics.revenue", "marts.customer_orders", "marts.customer_lifetime", "marts.product_sales",
      "staging.stg_products", "staging.stg_orders");

  /** Numbers of other lengths and forms than the texts': each variant puts one in every number's place. */
  private static final List<String> OTHER_NUMBERS = List.of("7", "123456789", "0.25", "1e-3", "00", "99999999999999999999",
      ".5", ".5e-3", "5.", "1_0");

  private static final List<String> WITH_NUMBERS = List.of(
      "SELECT v, s FROM marts.orders WHERE id = 42",
      "SELECT * FROM marts.orders LIMIT 10 OFFSET 20",
      "SELECT * FROM staging.customers c JOIN marts.orders o ON o.id = c.id + 1 WHERE o.amount > 1.5e3",
      "SELECT round(amount, 2), amount::DECIMAL(18, 2) FROM marts.orders ORDER BY 1 DESC LIMIT 5",
      "SELECT [1, 2, 3][2], {'a': 1} FROM marts.orders",
      "SELECT x.1 FROM marts.orders x",
      "SELECT 1_000, 0x1F, .5, 1. FROM marts.orders",
      "WITH t AS (SELECT * FROM marts.orders WHERE id < 100) SELECT * FROM t, staging.customers LIMIT 3",
      "SELECT * FROM marts.orders WHERE id IN (1, 2, 3) UNION ALL SELECT * FROM marts.orders WHERE id = 4",
      "SET search_path = staging; SELECT * FROM customers WHERE id = 9",
      "USE staging; SELECT * FROM customers LIMIT 1",
      "SELECT * FROM orders WHERE id = 5",
      "SELECT * FROM marts.slow_totals WHERE id = 5",
      "DELETE FROM marts.orders WHERE id = 1",
      "UPDATE marts.orders SET amount = 0 WHERE id = 2",
      "INSERT INTO main.mine SELECT * FROM marts.orders WHERE id = 3",
      "CREATE TABLE main.mine AS SELECT * FROM marts.orders LIMIT 100",
      "CREATE VIEW main.v AS SELECT * FROM marts.orders WHERE id = 1",
      "SELECT * FROM marts__dev.orders WHERE id = 1",
      "SELECT * FROM marts__prod.orders WHERE id = 1",
      "SELECT * FROM venv__marts.marts__orders__1111111111111111 LIMIT 1",
      "SELECT * FROM query('SELECT * FROM marts.orders LIMIT 1') LIMIT 2",
      "PREPARE p AS SELECT * FROM marts.orders WHERE id = 1; EXECUTE p",
      "SELECT pg_sleep(1); SELECT * FROM marts.orders LIMIT 1",
      "SELECT * FROM marts.orders TABLESAMPLE 10 PERCENT",
      "SELECT * FROM range(10) r, marts.orders o WHERE o.id = r.range",
      "SELECT * FROM marts.orders -- 12 in a comment\nWHERE id = 1 /* 13 */",
      "SELECT * FROM marts.orders WHERE note = '12' AND id = 12",
      "SELECT $1, ?, 3 FROM marts.orders",
      "DROP TABLE main.t1; SELECT 1",
      "SELECT * FROM \"marts\".\"orders\" WHERE id = 3",
      "SELECT * FROM memory.marts.orders LIMIT 4",
      "SELECT 1 s.f(2) FROM marts.orders",
      "SELECT 1 s.f(2); SELECT * FROM orders",
      "SELECT 1.s.f(2)",
      "SELECT 1 FROM marts.orders WHERE 'unterminated = 2");

  private static EnvironmentRoute route(SqlDialect dialect) {
    Map<String, Snapshot> snapshots = new HashMap<>();
    Map<String, String> fingerprints = new HashMap<>();
    int i = 1;
    for (String model : MODELS) {
      String version = String.valueOf(i++).repeat(16);
      String[] parts = model.split("\\.");
      Snapshot s = new Snapshot(model, version + "f", version + "d", "m", "def", version, "FULL",
          PhysicalName.of(parts[0], parts[1], version), "SELECT 1", List.of(), model + ".sql", Map.of(), Instant.now());
      snapshots.put(model, s);
      fingerprints.put(model, s.fingerprint());
    }
    Environment dev = new Environment("dev", "p1", null, "prod", fingerprints, Instant.now(), Instant.now(),
        Instant.now(), null, null);
    List<String> all = new ArrayList<>(MODELS);
    all.add("marts.slow_totals");
    return new EnvironmentRoute(dev, snapshots, all, Set.of("prod", "dev"), dialect);
  }

  /** Every text of the routing corpora: the rewriter's golden files, the classifier's writes, the query corpus. */
  private static Stream<String> corpus() throws IOException, URISyntaxException {
    List<String> texts = new ArrayList<>(WITH_NUMBERS);
    Path golden = Path.of(RoutedShapeTest.class.getResource("/sql/golden").toURI());
    try (Stream<Path> files = Files.list(golden)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
        texts.add(Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    Path writes = Path.of(RoutedShapeTest.class.getResource("/sql/classifier/writes.csv").toURI());
    for (String line : Files.readAllLines(writes, StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        texts.add(line.substring(0, line.indexOf(" | ")));
      }
    }
    Path queries = Path.of(RoutedShapeTest.class.getResource("/corpus/queries.sql").toURI());
    for (String entry : Files.readString(queries, StandardCharsets.UTF_8).split("-- @@ ")) {
      texts.add(entry.substring(entry.indexOf('\n') + 1));
    }
    return texts.stream();
  }

  /** {@code sql} with every number token replaced by {@code number}. */
  private static String withNumbers(String sql, SqlDialect dialect, String number) {
    SqlTokens tokens = SqlLexer.lex(sql, dialect);
    StringBuilder out = new StringBuilder();
    int copied = 0;
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.kind(i) == TokenKind.NUMBER) {
        out.append(sql, copied, tokens.start(i)).append(number);
        copied = tokens.end(i);
      }
    }
    return out.append(sql, copied, sql.length()).toString();
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void aTemplateRoutesEveryTextOfItsShapeAsRoutingItAfreshDoes(SqlDialect dialect) throws Exception {
    SqlRouter router = route(dialect).router();
    List<SessionPath> paths = List.of(SessionPath.EMPTY, SessionPath.of("marts"), SessionPath.of("staging", "main"));
    int templated = 0;
    for (String sql : corpus().toList()) {
      SqlTokens tokens = SqlLexer.lex(sql, dialect);
      TextShape shape = TextShape.of(tokens);
      if (shape == null) {
        continue;
      }
      for (SessionPath path : paths) {
        SqlRouter.Routed first = router.route(tokens, shape, path);
        assertEquals(router.route(sql, path), first.result(), sql);
        for (String number : OTHER_NUMBERS) {
          String variant = withNumbers(sql, dialect, number);
          SqlRouter.Result afresh = router.route(variant, path);
          SqlTokens variantTokens = SqlLexer.lex(variant, dialect);
          TextShape variantShape = TextShape.of(variantTokens);
          if (variantShape != null && variantShape.key().equals(shape.key()) && variantTokens.size() == tokens.size()) {
            // numbers never decide: a text of the same tokens is refused, asked about or routed as its shape's first
            assertEquals(first.result().refusal() == null, afresh.refusal() == null, variant);
            assertEquals(first.result().questions().isEmpty(), afresh.questions().isEmpty(), variant);
          }
          if (first.template() == null || variantShape == null) {
            continue;
          }
          SqlRouter.Result viaTemplate = first.template().apply(variantShape, variantTokens);
          if (viaTemplate != null) {
            assertEquals(afresh, viaTemplate, variant);
            templated++;
          }
        }
      }
    }
    assertTrue(templated >= 1000, "texts routed by a template: " + templated);
  }

  @Test
  void textsThatMaskAlikeButLexApartShareNoTemplate() {
    SqlRouter router = route(SqlDialect.DUCKDB).router();
    // "x.1" is a name and a number, "x0" one name: the two texts mask alike
    SqlTokens number = SqlLexer.lex("SELECT x.1 FROM marts.orders x LIMIT 1", SqlDialect.DUCKDB);
    SqlTokens name = SqlLexer.lex("SELECT x0 FROM marts.orders x LIMIT 1", SqlDialect.DUCKDB);
    assertEquals(TextShape.of(number).key(), TextShape.of(name).key());
    RoutedTemplate template = router.route(number, TextShape.of(number), SessionPath.EMPTY).template();
    assertNotNull(template);
    assertNull(template.apply(TextShape.of(name), name), "they lex apart: the template does not apply");
    assertNull(TextShape.of(SqlLexer.lex("SELECT x0 FROM marts.orders x", SqlDialect.DUCKDB)), "no number, no shape");
  }

  /**
   * A number that starts with a dot ({@code .5}) is a number, not the dot of a qualified name: it
   * does not hide the call of a user's function after it, which may move the search path.
   */
  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void aNumberStartingWithADotHidesNoCallAfterIt(SqlDialect dialect) throws SQLException {
    for (String number : List.of(".5", "5", ".5e-3")) {
      EnvironmentRoute fresh = route(dialect);
      assertTrue(fresh.route("SELECT " + number + " s.f(1)", SessionPath.EMPTY).readsBack(), number);
      SQLException e = assertThrows(SQLException.class,
          () -> fresh.route("SELECT " + number + " s.f(1); SELECT * FROM orders", SessionPath.of("marts")), number);
      assertEquals("42000", e.getSQLState(), number);
    }
    EnvironmentRoute dev = route(dialect);
    dev.route("SELECT .5 s.f(1)", SessionPath.EMPTY);
    assertTrue(dev.route("SELECT 5 s.f(1)", SessionPath.EMPTY).readsBack(), "through .5's template");
  }

  @Test
  void aRefusedTextMakesNoTemplateAndItsSiblingsAreRefusedAlike() throws SQLException {
    EnvironmentRoute dev = route(SqlDialect.DUCKDB);
    for (int id = 1; id <= 3; id++) {
      String sql = "DELETE FROM marts.orders WHERE id = " + id;
      SQLException e = assertThrows(SQLException.class, () -> dev.route(sql, SessionPath.EMPTY), sql);
      assertEquals("42501", e.getSQLState());
    }
    SqlTokens tokens = SqlLexer.lex("DELETE FROM marts.orders WHERE id = 1", SqlDialect.DUCKDB);
    assertNull(dev.router().route(tokens, TextShape.of(tokens), SessionPath.EMPTY).template());
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void theSessionPathIsPartOfTheShape(SqlDialect dialect) throws SQLException {
    EnvironmentRoute dev = route(dialect);
    String onMarts = dev.route("SELECT * FROM orders WHERE id = 1", SessionPath.of("marts")).sql();
    String onStaging = dev.route("SELECT * FROM orders WHERE id = 2", SessionPath.of("staging")).sql();
    assertTrue(onMarts.contains("marts__orders__"), onMarts);
    assertTrue(onStaging.contains("staging__orders__"), onStaging);
    assertNotEquals(onMarts.replace("= 1", ""), onStaging.replace("= 2", ""));
    String onMain = dev.route("SELECT * FROM orders WHERE id = 3", SessionPath.of("main")).sql();
    assertEquals("SELECT * FROM orders WHERE id = 3", onMain, "not a model on main's path");
  }

  @Test
  void textsOfOneShapeKeepTheirOwnNumbersCommentsAndSpacing() throws SQLException {
    EnvironmentRoute dev = route(SqlDialect.POSTGRES);
    dev.route("SELECT v FROM marts.orders WHERE id = 1", SessionPath.EMPTY);
    assertEquals("SELECT v FROM \"venv__marts\".\"marts__orders__1111111111111111\" AS \"orders\" WHERE id = 123456",
        dev.route("SELECT v FROM marts.orders WHERE id = 123456", SessionPath.EMPTY).sql());
    assertEquals("SELECT v FROM \"venv__marts\".\"marts__orders__1111111111111111\" AS \"orders\" WHERE id = 1.5e3",
        dev.route("SELECT v FROM marts.orders WHERE id = 1.5e3", SessionPath.EMPTY).sql());
  }
}
