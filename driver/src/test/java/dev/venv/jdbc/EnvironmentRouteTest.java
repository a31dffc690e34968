package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.sql.SessionPath;
import dev.venv.sql.SqlDialect;
import dev.venv.sql.SqlRouter;
import dev.venv.state.Environment;
import dev.venv.state.PhysicalName;
import dev.venv.state.Snapshot;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Routing decisions for one environment, without a backend. The state holds, besides dev's two
 * models, a model only prod has ({@code marts.slow_totals}), a schema only environment qa has
 * ({@code exp}), and environments prod, dev and qa.
 */
class EnvironmentRouteTest {
  private static final SessionPath NONE = SessionPath.EMPTY;
  private static final EnvironmentRoute DEV = route("dev", SqlDialect.DUCKDB);

  static EnvironmentRoute route(String env, SqlDialect dialect) {
    Snapshot orders = snapshot("marts.orders", "FULL", "1111111111111111");
    Snapshot customers = snapshot("staging.customers", "VIEW", "2222222222222222");
    Environment environment = new Environment(env, "p1", null, "prod",
        Map.of("marts.orders", orders.fingerprint(), "staging.customers", customers.fingerprint()),
        Instant.now(), Instant.now(), Instant.now(), null, null);
    return new EnvironmentRoute(environment, Map.of("marts.orders", orders, "staging.customers", customers),
        Set.of("marts.orders", "staging.customers", "marts.slow_totals", "exp.trial"), Set.of("prod", "dev", "qa"),
        dialect);
  }

  private static Snapshot snapshot(String model, String kind, String version) {
    String[] parts = model.split("\\.");
    return new Snapshot(model, version + "f", version + "d", "m", "def", version, kind,
        PhysicalName.of(parts[0], parts[1], version), "SELECT 1", List.of(), model + ".sql", Map.of(), Instant.now());
  }

  private static SQLException refused(String sql, SessionPath path) {
    return assertThrows(SQLException.class, () -> DEV.route(sql, path), sql);
  }

  @Test
  void modelReferencesBecomePhysicalNames() throws SQLException {
    assertEquals("SELECT * FROM \"venv__marts\".\"marts__orders__1111111111111111\" AS \"orders\" -- marts.orders",
        DEV.route("SELECT * FROM marts.orders -- marts.orders", NONE).sql());
    String untouched = "SELECT * FROM main.notes";
    assertSame(untouched, DEV.route(untouched, NONE).sql(), "no model reference: the very same text");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "DELETE FROM marts.orders",
      "delete from MARTS.ORDERS where 1 = 1",
      "/* c */ UPDATE \"Marts\".\"Orders\" SET x = 1",
      "INSERT INTO marts__dev.orders VALUES (1)",
      "DROP TABLE venv__marts.marts__orders__1111111111111111",
      "TRUNCATE marts__qa.orders",
      "SELECT 1; DROP VIEW staging.customers",
      "WITH d AS (DELETE FROM marts.orders RETURNING *) SELECT * FROM d",
      "DROP SCHEMA marts CASCADE",
      "ALTER TABLE venv_state.environments ADD COLUMN x INT",
      // hole 1: a model this environment does not hold is still venv's
      "DELETE FROM marts.slow_totals",
      "DROP VIEW marts.slow_totals",
      "UPDATE marts__qa.slow_totals SET x = 1",
      // hole 7: nothing of the user's goes into a model schema or a view schema
      "CREATE TABLE marts.scratch (x INT)",
      "CREATE VIEW marts__dev.mine AS SELECT 1",
      "CREATE TABLE exp.t AS SELECT 1",
      // hole 17
      "ALTER TABLE scratch.t SET SCHEMA venv__marts",
      "ALTER TABLE scratch.t SET SCHEMA marts__dev",
      // a rename onto a model's name (Trino takes a qualified target): the renamed table would
      // stand where venv's physical object is, and a later create take it for built
      "ALTER TABLE scratch.t RENAME TO marts.orders",
      "ALTER TABLE IF EXISTS scratch.t RENAME TO marts__qa.orders",
      "ALTER VIEW scratch.v RENAME TO venv__marts.marts__orders__1111111111111111",
      "CREATE STATISTICS s ON a, b FROM marts.orders",
      "DROP OWNED BY CURRENT_USER",
      "REASSIGN OWNED BY CURRENT_USER TO someone",
  })
  void writesToWhatVenvOwnsAreRefused(String sql) {
    SQLException e = refused(sql, NONE);
    assertEquals("42501", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains("environment dev"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT * FROM marts.slow_totals",
      "SELECT * FROM \"MARTS\".\"SLOW_TOTALS\"",
      "SELECT * FROM w.marts.slow_totals",
      "SELECT * FROM marts.scratch_of_someone",
      "SELECT * FROM marts__qa.orders",
      "SELECT * FROM marts__prod.orders",
      "SELECT * FROM exp.trial",
      "SELECT * FROM exp__qa.trial",
      "SELECT * FROM venv_state.environments",
      "SELECT * FROM venv__marts.marts__orders__9999999999999999",
      "SELECT * FROM venv__marts.marts__orders__1111111111111111__build_00000000",
      "SELECT marts.slow_totals.total FROM marts.orders",
  })
  void readsOfWhatThisEnvironmentDoesNotHoldAreRefused(String sql) {
    SQLException e = refused(sql, NONE);
    assertEquals("42P01", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains("environment dev"), e.getMessage());
  }

  @Test
  void theEnvironmentsOwnViewAndPhysicalNamesReadItsModel() throws SQLException {
    String physical = "\"venv__marts\".\"marts__orders__1111111111111111\"";
    assertEquals("SELECT * FROM " + physical + " AS \"orders\"", DEV.route("SELECT * FROM marts__dev.orders", NONE).sql());
    assertEquals("SELECT * FROM " + physical + " AS \"marts__orders__1111111111111111\"",
        DEV.route("SELECT * FROM venv__marts.marts__orders__1111111111111111", NONE).sql());
  }

  @Test
  void anUnqualifiedWriteResolvesThroughTheSessionSchema() throws SQLException {
    SQLException e = refused("DELETE FROM orders", SessionPath.of("marts"));
    assertTrue(e.getMessage().contains("model marts.orders"), e.getMessage());
    assertEquals("DELETE FROM orders", DEV.route("DELETE FROM orders", SessionPath.of("main")).sql(),
        "main.orders is the user's");
    // the model only prod has is venv's too
    assertEquals("42501", refused("DELETE FROM slow_totals", SessionPath.of("marts")).getSQLState());
    // CREATE lands in the current schema
    assertEquals("42501", refused("CREATE TABLE mine (x INT)", SessionPath.of("marts")).getSQLState());
    assertEquals("CREATE TABLE mine (x INT)", DEV.route("CREATE TABLE mine (x INT)", SessionPath.of("main", "marts"))
        .sql());
  }

  @Test
  void unqualifiedReadsUnderAModelSchemaReadThisEnvironmentsSnapshot() throws SQLException {
    String physical = "\"venv__marts\".\"marts__orders__1111111111111111\"";
    assertEquals("SELECT * FROM " + physical + " AS \"orders\" WHERE 1 = 1",
        DEV.route("SELECT * FROM orders WHERE 1 = 1", SessionPath.of("marts")).sql());
    assertEquals("SELECT o.x FROM " + physical + " o JOIN main.t ON true",
        DEV.route("SELECT o.x FROM orders o JOIN main.t ON true", SessionPath.of("marts")).sql());
    assertEquals("FROM " + physical + " AS \"orders\" SELECT 1", DEV.route("FROM orders SELECT 1",
        SessionPath.of("marts")).sql());
    // TABLE t takes no alias (found on Trino: (TABLE orders) became … AS "orders", a syntax error)
    assertEquals("TABLE " + physical, DEV.route("TABLE orders", SessionPath.of("marts")).sql());
    assertEquals("SELECT * FROM (TABLE " + physical + ")",
        DEV.route("SELECT * FROM (TABLE orders)", SessionPath.of("marts")).sql());
    assertEquals("TABLE " + physical + " UNION TABLE " + physical,
        DEV.route("TABLE marts.orders UNION TABLE orders", SessionPath.of("marts")).sql());
    String cte = "WITH orders AS (SELECT 1) SELECT * FROM orders";
    assertSame(cte, DEV.route(cte, SessionPath.of("marts")).sql(), "a CTE of that name is not the model");
    String column = "SELECT orders FROM main.t";
    assertSame(column, DEV.route(column, SessionPath.of("marts")).sql(), "a column of that name is not the model");
    String function = "SELECT * FROM orders(1)";
    assertSame(function, DEV.route(function, SessionPath.of("marts")).sql(), "a table function");
    String elsewhere = "SELECT * FROM orders";
    assertSame(elsewhere, DEV.route(elsewhere, SessionPath.of("main")).sql(), "main.orders is the user's");
  }

  /** A schema of the user's ahead of a model schema on the path: the backend's answer decides. */
  @Test
  void aUsersSchemaAheadOnThePathAsksWhetherItHoldsTheName() throws SQLException {
    SessionPath path = SessionPath.of("main", "marts");
    SqlRouter.Result asking = DEV.route("SELECT * FROM orders", path);
    assertNull(asking.sql());
    assertEquals(List.of(new dev.venv.sql.UserTables.Question("main", "orders")), asking.questions());
    assertEquals("SELECT * FROM \"venv__marts\".\"marts__orders__1111111111111111\" AS \"orders\"",
        DEV.routeUncached("SELECT * FROM orders", path, (schema, table) -> false).sql(), "no main.orders: the model");
    assertEquals("SELECT * FROM orders", DEV.routeUncached("SELECT * FROM orders", path, (schema, table) -> true)
        .sql(), "main.orders comes first: the user's");
    assertEquals(List.of(new dev.venv.sql.UserTables.Question("main", "orders")),
        DEV.route("DELETE FROM orders", path).questions(), "a row write asks too");
    assertEquals("DELETE FROM orders", DEV.routeUncached("DELETE FROM orders", path, (schema, table) -> true).sql(),
        "main.orders comes first: the user's table takes the write");
    assertEquals("42501", assertThrows(SQLException.class,
        () -> DEV.routeUncached("UPDATE orders SET x = 1", path, (schema, table) -> false)).getSQLState(),
        "no main.orders: the write would reach the model");
    assertEquals("42501", refused("DROP VIEW orders", path).getSQLState(), "a DROP could reach the view");
  }

  /**
   * A temporary view stores the environment's view, never a physical object the janitor may drop;
   * a lasting one that reads a model is refused: every environment's connections would read it.
   */
  @Test
  void aViewStoresTheEnvironmentsViewNotAPhysicalObject() throws SQLException {
    assertEquals("CREATE TEMP VIEW v AS SELECT * FROM \"marts__dev\".\"orders\" AS \"orders\"",
        DEV.route("CREATE TEMP VIEW v AS SELECT * FROM marts.orders", NONE).sql());
    assertEquals("CREATE OR REPLACE TEMPORARY VIEW v AS SELECT * FROM \"marts__dev\".\"orders\" AS \"orders\"",
        DEV.route("CREATE OR REPLACE TEMPORARY VIEW v AS SELECT * FROM orders", SessionPath.of("marts")).sql());
    assertEquals("CREATE TABLE main.t AS SELECT * FROM \"venv__marts\".\"marts__orders__1111111111111111\" AS \"orders\"",
        DEV.route("CREATE TABLE main.t AS SELECT * FROM marts.orders", NONE).sql(), "a copy reads the data now");
    EnvironmentRoute prod = route("prod", SqlDialect.DUCKDB);
    assertEquals("CREATE TEMP VIEW v AS SELECT * FROM \"marts\".\"orders\" AS \"orders\"",
        prod.route("CREATE TEMP VIEW v AS SELECT * FROM marts.orders", NONE).sql());
    for (String lasting : List.of("CREATE VIEW main.v AS SELECT * FROM marts.orders",
        "CREATE OR REPLACE VIEW main.v AS SELECT * FROM orders", "CREATE MATERIALIZED VIEW main.v AS TABLE marts.orders",
        "CREATE MACRO main.m() AS TABLE SELECT * FROM marts.orders")) {
      for (EnvironmentRoute route : List.of(DEV, prod)) {
        SQLException e = assertThrows(SQLException.class, () -> route.route(lasting, SessionPath.of("marts")), lasting);
        assertEquals("0A000", e.getSQLState(), lasting + ": " + e.getMessage());
      }
    }
  }

  @Test
  void anImplicitAliasThatIsAKeywordIsQuoted() throws SQLException {
    EnvironmentRoute route = new EnvironmentRoute(
        new Environment("dev", "p", null, "prod", Map.of("marts.both", "f"), Instant.now(), Instant.now(),
            Instant.now(), null, null),
        Map.of("marts.both", snapshot("marts.both", "FULL", "3333333333333333")), Set.of(), Set.of(),
        SqlDialect.POSTGRES);
    assertEquals("SELECT \"both\".x FROM \"venv__marts\".\"marts__both__3333333333333333\" AS \"both\"",
        route.route("SELECT marts.both.x FROM marts.both", NONE).sql());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT * FROM query('SELECT * FROM marts.orders')",
      "SELECT * FROM query('SELECT * FROM marts.slow_totals')",
      "SELECT * FROM query_table('orders')",
      "SELECT * FROM query(?)",
      "EXECUTE IMMEDIATE ?",
      "IMPORT DATABASE 'backup'",
      "EXPORT DATABASE 'backup'",
      "SELECT query_to_xml('SELECT * FROM marts.orders', true, false, '')",
      "SELECT table_to_xml('marts.orders', true, false, '')",
      "SELECT table_to_xml('orders'::regclass, true, false, '')",
      "SELECT schema_to_xml('marts', true, false, '')",
      "SELECT database_to_xml(true, false, '')",
      "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT * FROM marts.orders'))",
      "DO $$ BEGIN EXECUTE 'DELETE FROM marts.ord' || 'ers'; END $$",
      "DO $$ BEGIN DELETE FROM venv_state.environments; END $$",
  })
  void sqlTheDriverCannotSeeIsRefused(String sql) {
    SQLException e = refused(sql, NONE);
    assertEquals("42000", e.getSQLState(), e.getMessage());
  }

  /** Issue 7, hole 14: a user function that EXECUTEs its argument. */
  @Test
  void aStatementInAStringHandedToAnyFunctionIsRefusedWhenItNamesVenvsObjects() throws SQLException {
    assertEquals("42501", refused("SELECT scratch.run('DELETE FROM marts.orders')", NONE).getSQLState());
    assertEquals("42501", refused("CALL scratch.run($q$ delete from \"MARTS\".\"ORDERS\" $q$)", NONE).getSQLState());
    assertEquals("42000", refused("SELECT scratch.run('SELECT * FROM marts.slow_totals')", NONE).getSQLState());
    assertEquals("42000", refused("SELECT scratch.run('select * from venv_state.environments')", NONE)
        .getSQLState());
    String label = "SELECT 'marts.orders' AS label, 'delete everything' AS note";
    assertSame(label, DEV.route(label, NONE).sql(), "strings that are not statements are data");
  }

  @Test
  void sqlInStringsThatNamesNoModelRuns() throws SQLException {
    assertEquals("SELECT * FROM query('SELECT 42')", DEV.route("SELECT * FROM query('SELECT 42')", NONE).sql());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "USE marts|USE marts__dev|marts",
      "use \"MARTS\"|use \"marts__dev\"|marts",
      "SET schema = 'staging'|SET schema = 'staging__dev'|staging",
      "SET search_path = 'marts,main'|SET search_path = 'marts__dev,main'|marts,main",
      "USE main|USE main|main",
      "USE marts__dev|USE marts__dev|marts",
  })
  void sessionSchemasMapToTheEnvironmentsViews(String sql, String routed, String schemas) throws SQLException {
    SqlRouter.Result r = DEV.route(sql, NONE);
    assertEquals(routed, r.sql());
    assertEquals(SessionPath.of(schemas.split(",")), r.endPath());
    assertTrue(r.readsBack(), "the backend is asked after a session change");
  }

  @ParameterizedTest
  @ValueSource(strings = {"USE marts__qa", "SET search_path = venv__marts", "USE venv_state", "USE exp",
      "SET schema = 'marts__prod'"})
  void aSessionOnAnotherEnvironmentsSchemaIsRefused(String sql) {
    assertEquals("42P01", refused(sql, NONE).getSQLState());
  }

  @Test
  void aSchemaSetEarlierInTheTextHoldsForTheWritesAfterIt() {
    for (String sql : List.of("USE marts; DROP VIEW orders", "SET search_path = 'main,marts'; DROP VIEW orders")) {
      SQLException e = refused(sql, SessionPath.of("main"));
      assertEquals("42501", e.getSQLState());
      assertTrue(e.getMessage().contains("model marts.orders"), e.getMessage());
    }
  }

  @Test
  void aComputedSearchPathMakesLaterUnqualifiedNamesUnknown() throws SQLException {
    for (String sql : List.of("SELECT set_config('search_path', 'mar' || 'ts', false); DELETE FROM orders",
        "SET schema = 'mar' || 'ts'; SELECT * FROM orders")) {
      assertEquals("42000", refused(sql, SessionPath.of("main")).getSQLState(), sql);
    }
    SqlRouter.Result alone = DEV.route("SELECT set_config('search_path', ?, false)", SessionPath.of("main"));
    assertTrue(alone.readsBack());
    assertEquals(SessionPath.UNKNOWN, alone.endPath());
    assertEquals("42000", refused("DELETE FROM orders", SessionPath.UNKNOWN).getSQLState(),
        "a batch's later text after a computed search path");
  }

  @Test
  void anUnqualifiedWriteIsCheckedAgainstTheWholeSearchPath() {
    assertEquals("42501", refused("DROP VIEW orders", SessionPath.of("main", "marts")).getSQLState());
  }

  @Test
  void transactionEndsAndCodeRunsAreReadBack() throws SQLException {
    for (String sql : List.of("COMMIT", "ROLLBACK", "CALL scratch.p()", "DO $$ BEGIN PERFORM 1; END $$")) {
      assertTrue(DEV.route(sql, NONE).readsBack(), sql);
    }
    assertFalse(DEV.route("SELECT 1", NONE).readsBack());
  }

  @Test
  void namesInMetadata() {
    assertEquals("marts__dev", DEV.clientNames().backendSchema("Marts"));
    assertEquals("main", DEV.clientNames().backendSchema("main"));
    assertEquals("marts", DEV.clientNames().logicalSchema("marts__dev"));
    assertTrue(DEV.clientNames().isHidden("venv__marts", null));
    assertTrue(DEV.clientNames().isHidden("venv_state", null));
    assertTrue(DEV.clientNames().isHidden("marts__qa", null), "another environment's views");
    assertTrue(DEV.clientNames().isHidden("marts", "slow_totals"), "prod's view of a model dev lacks");
    assertTrue(DEV.clientNames().isHidden("marts", null), "prod's views, seen from dev");
    assertTrue(DEV.clientNames().isHidden("exp", null));
    assertFalse(DEV.clientNames().isHidden("marts__dev", null));
    assertFalse(DEV.clientNames().isHidden("marts__dev", "orders"));
    assertFalse(DEV.clientNames().isHidden("main", null));
    assertEquals("marts", DEV.clientNames().logicalTable("venv__marts", "marts__orders__1111111111111111").schema());
    assertEquals("VIEW", DEV.clientNames().logicalTable("staging__dev", "customers").type());
    assertNull(DEV.clientNames().logicalTable("main", "orders"));
    EnvironmentRoute prod = route("prod", SqlDialect.DUCKDB);
    assertEquals("marts", prod.clientNames().backendSchema("marts"));
    assertTrue(prod.clientNames().isHidden("marts__dev", null));
    assertFalse(prod.clientNames().isHidden("marts", "orders"));
    assertTrue(prod.clientNames().isHidden("marts", "scratch"), "nothing but models in a model schema");
  }

  // Found by trying to break the driver (issue 7's review): each refused before it runs.

  private static SQLException refusedOn(SqlDialect dialect, String sql, SessionPath path) {
    return assertThrows(SQLException.class, () -> route("dev", dialect).route(sql, path), sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT * FROM U&\"m!0061rts\" UESCAPE '!'.slow_totals",
      "UPDATE U&\"venv!005fstate\" UESCAPE '!'.environments SET x = 1",
      "SELECT U&'!0061' UESCAPE '!'",
  })
  void aUnicodeEscapeClauseIsRefusedRatherThanDecodedWrong(String sql) {
    assertEquals("42000", refusedOn(SqlDialect.POSTGRES, sql, NONE).getSQLState());
  }

  @Test
  void dmlInsideCopyIsAWrite() {
    assertEquals("42501", refusedOn(SqlDialect.POSTGRES, "COPY (DELETE FROM marts.orders RETURNING *) TO STDOUT", NONE)
        .getSQLState());
    assertEquals("42501", refusedOn(SqlDialect.POSTGRES,
        "COPY (WITH d AS (UPDATE marts.orders SET x = 1 RETURNING *) SELECT * FROM d) TO STDOUT", NONE).getSQLState());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT * FROM query_table('ma' || 'rts.slow_totals')",
      "SELECT * FROM query(E'SELECT * FROM marts\\x2eslow_totals')",
      "SELECT * FROM query(E'SELECT * FROM marts\\056slow_totals')",
      "SELECT * FROM query('SELECT * FROM ma'\n'rts.slow_totals')",
      "SELECT query_to_xml('SELECT * FROM ma' || 'rts.slow_totals', true, false, '')",
      "SELECT * FROM ts_stat('SELECT to_tsvector(x) FROM marts__' || 'qa.orders')",
      "SELECT * FROM ts_stat('SELECT to_tsvector(x) FROM marts.slow_totals')",
      "SELECT table_to_xml('161661', true, false, '')",
      // a number is an OID too: PostgreSQL casts it to regclass
      "SELECT table_to_xml(161661, true, false, '')",
      "SELECT table_to_xml(161661::regclass, true, false, '')",
      "SELECT table_to_xml_and_xmlschema(161661, true, false, '')",
      "SELECT table_to_xmlschema(161661, true, false, '')",
      "SELECT scratch.run('SELECT * FROM mar' || 'ts.slow_totals')",
      "SELECT scratch.run(U&'SELECT * FROM marts\\002eslow_totals')",
      "SELECT * FROM pg_stats WHERE tablename LIKE 'marts%'",
      "SELECT most_common_vals FROM pg_catalog.pg_stats",
      "SELECT * FROM pg_stats_ext",
  })
  void sqlBuiltFromPiecesOrEscapesAndStatisticsOfEveryTableAreRefused(String sql) {
    assertEquals("42000", refusedOn(SqlDialect.POSTGRES, sql, NONE).getSQLState());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "ALTER DEFAULT PRIVILEGES IN SCHEMA venv__marts GRANT ALL ON TABLES TO PUBLIC",
      "ALTER DEFAULT PRIVILEGES REVOKE ALL ON TABLES FROM someone",
      "CREATE SCHEMA newschema__qa",
      "CREATE TABLE newschema__qa.planted (x INT)",
      "CREATE FUNCTION scratch.sp(p text) RETURNS text LANGUAGE sql AS $$ SELECT set_config('search_path', p, false) $$",
      "CREATE PROCEDURE scratch.sp() LANGUAGE plpgsql AS $$ BEGIN SET search_path = marts; END $$",
  })
  void changesBeyondTheStatementsOwnObjectsAreRefused(String sql) {
    assertEquals("42501", refusedOn(SqlDialect.POSTGRES, sql, NONE).getSQLState());
  }

  /**
   * Found by the isolation fuzzer: a bare name this connection's snapshot set lacks under a model
   * schema is asked of the backend — the environment may hold it now (a model made since the
   * connect), and then it is refused rather than read from the current view.
   */
  @Test
  void aBareNameTheSnapshotSetLacksIsRefusedWhereTheEnvironmentHasItNow() throws SQLException {
    SessionPath path = SessionPath.of("marts");
    assertEquals(List.of(new dev.venv.sql.UserTables.Question("marts__dev", "notes")),
        DEV.route("SELECT * FROM notes", path).questions());
    assertEquals("42P01", assertThrows(SQLException.class,
        () -> DEV.routeUncached("SELECT * FROM notes", path, (schema, table) -> true)).getSQLState());
    assertEquals("SELECT * FROM notes", DEV.routeUncached("SELECT * FROM notes", path, (schema, table) -> false).sql(),
        "nothing of that name: the backend says so");
    assertEquals("42501", refused("DELETE FROM notes WHERE n = 1", path).getSQLState());
    assertEquals("42501", refused("DELETE FROM slow_totals", path).getSQLState(), "prod's model, by its name");
    for (String sql : List.of("SELECT * FROM pg_class", "SELECT * FROM duckdb_tables", "SELECT * FROM LATERAL f(1)")) {
      assertSame(sql, DEV.route(sql, path).sql(), "the backend's own names");
    }
    String cte = "WITH notes AS (SELECT 1) SELECT * FROM notes";
    assertSame(cte, DEV.route(cte, path).sql());
  }

  @Test
  void aSchemaShapedLikeAViewSchemaIsNeverTheUsers() {
    assertEquals("42P01", refused("SELECT * FROM newschema__qa.foo", NONE).getSQLState(),
        "an environment's view schema made after this route was");
  }

  @Test
  void aCallOfAUsersFunctionIsReadBack() throws SQLException {
    assertTrue(DEV.route("SELECT scratch.sp3('x')", NONE).readsBack(), "it may have moved the search path");
    assertFalse(DEV.route("SELECT lower('x')", NONE).readsBack());
    assertFalse(DEV.route("INSERT INTO scratch.notes (tag, n) VALUES ('a', 1)", NONE).readsBack(), "a column list");
    assertFalse(DEV.route("CREATE TABLE scratch.t (x INT)", NONE).readsBack());
  }

  @Test
  void legitimateSqlThatLooksLikeVenvsIsLeftAlone() throws SQLException {
    String alias = "SELECT marts.orders FROM (SELECT 1 AS orders) AS marts";
    assertSame(alias, DEV.route(alias, NONE).sql(), "marts is the subquery's alias here");
    String field = "SELECT t.marts.orders FROM main.t AS t";
    assertSame(field, DEV.route(field, NONE).sql(), "a struct field of t's column marts");
    EnvironmentRoute pg = route("dev", SqlDialect.POSTGRES);
    String temp = "CREATE TEMP TABLE orders (x INT)";
    assertEquals(temp, pg.route(temp, SessionPath.of("marts")).sql(), "a temporary table lands in pg_temp");
  }
}
