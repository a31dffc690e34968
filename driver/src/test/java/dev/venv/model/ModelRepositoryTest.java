package dev.venv.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.testing.ModelRepositories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class ModelRepositoryTest {
  @TempDir Path dir;

  @Test
  void loadsTheShopExampleWithItsGraph() throws Exception {
    ModelRepository repo = ModelRepository.load(ModelRepositories.copyShop(dir));
    assertEquals(11, repo.models().size());
    assertEquals(ModelKind.SEED, repo.model("raw.orders").kind());
    assertEquals(ModelKind.VIEW, repo.model("staging.stg_orders").kind());
    assertEquals(ModelKind.FULL, repo.model("marts.customer_orders").kind());
    assertEquals(List.of("raw.orders"), repo.graph().parents("staging.stg_orders"));
    assertEquals(List.of("marts.customer_orders"), repo.graph().parents("marts.customer_lifetime"));
    assertEquals(java.util.Set.of("marts.customer_lifetime", "marts.country_revenue"),
        repo.graph().descendants("marts.customer_orders"));
    assertEquals("analytics", repo.model("marts.customer_orders").metadata().get("owner"));
    List<String> order = repo.graph().dependencyOrder();
    assertTrue(order.indexOf("marts.customer_orders") < order.indexOf("marts.customer_lifetime"));
  }

  @Test
  void headerSyntaxIsSqlMeshs() throws Exception {
    write("m/a.sql", """
        /* leading comment */
        model (
          NAME Sales.Orders,   -- identifiers fold to lower case
          Kind full,
          owner 'o''brien',
          tags [a, b],
          grain (id, day),
          dialect duckdb,      -- unknown: kept as metadata, reported
        );
        select 1 as id;
        """);
    ModelRepository repo = ModelRepository.load(dir.resolve("m"));
    ModelDefinition model = repo.model("sales.orders");
    assertEquals(ModelKind.FULL, model.kind());
    assertEquals("o'brien", model.metadata().get("owner"));
    assertEquals("[a, b]", model.metadata().get("tags"));
    assertEquals("duckdb", model.metadata().get("dialect"));
    assertEquals("select 1 as id", model.query());
    assertEquals(10, model.queryLine());
    assertEquals(1, repo.warnings().size());
    assertTrue(repo.warnings().get(0).toString().contains("a.sql:8: unknown property 'dialect'"));
  }

  @Test
  void twoFilesWithOneNameNameBothFiles() {
    write("m/a.sql", "MODEL (name s.t); SELECT 1");
    write("m/b.sql", "MODEL (name S.T); SELECT 2");
    ModelRepositoryException e = invalid();
    assertProblem(e, "model s.t is defined twice", "a.sql", "b.sql");
  }

  @Test
  void aModelWithoutNameIsRefused() {
    write("m/a.sql", "MODEL (\n  kind FULL\n);\nSELECT 1");
    assertProblem(invalid(), "a.sql:1: the MODEL header has no name");
  }

  @Test
  void aFileWithoutHeaderIsRefused() {
    write("m/a.sql", "-- just a query\nSELECT 1");
    assertProblem(invalid(), "a.sql:2: missing MODEL (...) header");
  }

  @Test
  void anUnknownKindIsRefusedWithItsLine() {
    write("m/a.sql", "MODEL (\n  name s.t,\n  kind INCREMENTAL_BY_TIME_RANGE (time_column d)\n);\nSELECT 1");
    assertProblem(invalid(), "a.sql:3: unknown kind 'INCREMENTAL_BY_TIME_RANGE' (supported: VIEW, FULL, SEED)");
  }

  @Test
  void anEmptyQueryIsRefused() {
    write("m/a.sql", "MODEL (name s.t, kind FULL);\n-- nothing here\n;");
    assertProblem(invalid(), "a.sql:1: empty query");
  }

  @Test
  void twoStatementsAreRefused() {
    write("m/a.sql", "MODEL (name s.t);\nSELECT 1;\nDROP TABLE x");
    assertProblem(invalid(), "a.sql:2: the query must be one statement");
  }

  @Test
  void aQueryThatIsNotASelectIsRefused() {
    write("m/a.sql", "MODEL (name s.t);\nDELETE FROM x");
    assertProblem(invalid(), "a.sql:2: the query must be one SELECT");
  }

  @Test
  void aCycleIsRefusedAndPrinted() {
    write("m/a.sql", "MODEL (name s.a); SELECT * FROM s.c");
    write("m/b.sql", "MODEL (name s.b); SELECT * FROM s.a");
    write("m/c.sql", "MODEL (name s.c); SELECT * FROM s.b");
    write("m/d.sql", "MODEL (name s.d); SELECT * FROM s.a");
    assertProblem(invalid(), "dependency cycle: s.a (a.sql) → s.c (c.sql) → s.b (b.sql) → s.a (a.sql)");
  }

  @Test
  void aMissingSeedCsvIsRefused() {
    write("m/raw/a.sql", "MODEL (name raw.a, kind SEED (path '../seeds/a.csv'));");
    assertProblem(invalid(), "raw/a.sql: seed CSV '../seeds/a.csv' not found");
  }

  @Test
  void aModelThatReadsItselfIsRefusedWithTheLine() {
    write("m/a.sql", "MODEL (name s.t);\nSELECT *\nFROM s.t");
    assertProblem(invalid(), "a.sql:3: model s.t references itself");
  }

  @Test
  void reservedSchemasAreRefused() {
    write("m/a.sql", "MODEL (name venv_state.t); SELECT 1");
    write("m/b.sql", "MODEL (name a__b.t); SELECT 1");
    ModelRepositoryException e = invalid();
    assertProblem(e, "a.sql:1: schema 'venv_state' is reserved");
    assertProblem(e, "b.sql:1: schema 'a__b' is reserved");
  }

  /** Issue 7, hole 13: DuckDB reads main after the session's schema, PostgreSQL pg_catalog before it. */
  @ParameterizedTest
  @ValueSource(strings = {"main", "public", "information_schema", "pg_catalog", "temp", "system", "pg_foo", "MAIN"})
  void theBackendsOwnSchemasAreRefusedAsModelSchemas(String schema) {
    write("m/a.sql", "MODEL (name " + schema + ".items);\nSELECT 1 AS x");
    assertProblem(invalid(), "a.sql:1: schema '" + schema.toLowerCase(java.util.Locale.ROOT) + "' is the backend's own");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    write("m/a.sql", "MODEL (kind FULL); SELECT 1");
    write("m/b.sql", "MODEL (name s.b, kind NOPE); SELECT 1");
    assertEquals(2, invalid().problems().size());
  }

  @Test
  void anUnterminatedStringIsRefusedWithItsLine() {
    write("m/a.sql", "MODEL (name s.t);\nSELECT 'oops");
    assertProblem(invalid(), "a.sql:2: unterminated string");
  }

  @Test
  void errorsCarrySqlState42000() {
    write("m/a.sql", "MODEL (kind FULL); SELECT 1");
    assertEquals("42000", invalid().getSQLState());
  }

  @Test
  void aByteOrderMarkIsIgnored() throws Exception {
    write("m/a.sql", "\uFEFFMODEL (name s.t); SELECT 1");
    assertEquals(1, ModelRepository.load(dir.resolve("m")).models().size());
  }

  @Test
  void aMissingFolderIsRefused() {
    ModelRepositoryException e = assertThrows(ModelRepositoryException.class,
        () -> ModelRepository.load(dir.resolve("nowhere")));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void anEditedFileIsReadAgain() throws Exception {
    write("m/a.sql", "MODEL (name s.t); SELECT 1 AS x");
    ModelRepository before = ModelRepository.load(dir.resolve("m"));
    write("m/a.sql", "MODEL (name s.t); SELECT 2 AS x");
    ModelRepository after = ModelRepository.load(dir.resolve("m"));
    assertEquals("SELECT 2 AS x", after.model("s.t").query());
    assertTrue(!before.fingerprints().get("s.t").equals(after.fingerprints().get("s.t")));
  }

  @Test
  void aSeedHasNoQuery() throws Exception {
    write("m/seeds/a.csv", "id\n1\n");
    write("m/a.sql", "MODEL (name raw.a, kind SEED (path 'seeds/a.csv'));");
    ModelDefinition seed = ModelRepository.load(dir.resolve("m")).model("raw.a");
    assertEquals("", seed.query());
    assertEquals(dir.resolve("m/seeds/a.csv").toAbsolutePath(), seed.seed());
    assertNull(seed.columns());
  }

  private void write(String relative, String text) {
    ModelRepositories.write(dir.resolve(relative), text);
  }

  private ModelRepositoryException invalid() {
    return assertThrows(ModelRepositoryException.class, () -> ModelRepository.load(dir.resolve("m")));
  }

  private static void assertProblem(ModelRepositoryException e, String... fragments) {
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in:\n" + e.getMessage());
    }
  }
}
