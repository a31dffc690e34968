package dev.venv.sql;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.sql.Classification.SchemaReference;
import dev.venv.sql.Classification.WriteTarget;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatementClassifierTest {

  private static Classification duckdb(String sql) {
    return StatementClassifier.classify(sql, SqlDialect.DUCKDB);
  }

  private static Classification postgres(String sql) {
    return StatementClassifier.classify(sql, SqlDialect.POSTGRES);
  }

  /** Writes as {@code VERB schema.table@name-as-written}, which makes expectations readable. */
  private static List<String> writes(String sql, SqlDialect dialect) {
    List<String> out = new ArrayList<>();
    for (WriteTarget w : StatementClassifier.classify(sql, dialect).writes()) {
      out.add(w.verb() + " " + w.schema() + "." + w.table() + "@" + nameAt(sql, w.start()));
    }
    return out;
  }

  /** The dotted name as written at {@code start}: up to the next space, comma or parenthesis. */
  private static String nameAt(String sql, int start) {
    int end = start;
    while (end < sql.length() && " ,();\n".indexOf(sql.charAt(end)) < 0) {
      end++;
    }
    return sql.substring(start, end);
  }

  /** Session schemas as {@code schema=text-of-its-span}. */
  private static List<String> schemas(Classification c, String sql) {
    List<String> out = new ArrayList<>();
    for (SchemaReference r : c.sessionSchema()) {
      out.add(r.schema() + "=" + sql.substring(r.start(), r.end()));
    }
    return out;
  }

  /** A rename writes the renamed object and makes its new name: both are targets. */
  @org.junit.jupiter.api.Test
  void aRenameTargetsTheObjectAndItsNewName() {
    for (SqlDialect dialect : SqlDialect.values()) {
      assertEquals(List.of("ALTER marts.orders@marts.orders", "ALTER null.orders_old@orders_old"),
          writes("ALTER TABLE marts.orders RENAME TO orders_old", dialect), dialect.name());
      assertEquals(List.of("ALTER scratch.t@scratch.t", "ALTER marts.orders@marts.orders"),
          writes("ALTER TABLE scratch.t RENAME TO marts.orders", dialect), dialect.name());
      assertEquals(List.of("ALTER marts.orders@marts.orders", "ALTER null.orders_v@orders_v"),
          writes("ALTER VIEW marts.orders RENAME TO orders_v", dialect), dialect.name());
      assertEquals(List.of("ALTER marts.null@marts", "ALTER marts_old.null@marts_old"),
          writes("ALTER SCHEMA marts RENAME TO marts_old", dialect), dialect.name());
      assertEquals(List.of("ALTER marts.orders@marts.orders"),
          writes("ALTER TABLE marts.orders RENAME COLUMN a TO b", dialect), dialect.name());
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvFileSource(resources = "/sql/classifier/writes.csv", delimiter = '|', quoteCharacter = '`')
  void findsTheTargetOfAWrite(String sql, String verb, String schema, String table,
      String written) {
    for (SqlDialect dialect : SqlDialect.values()) {
      assertEquals(List.of(verb + " " + schema + "." + table + "@" + written), writes(sql, dialect),
          dialect.name());
    }
  }

  @Test
  void commentsMayPrecedeTheVerb() {
    String sql = "-- nightly cleanup\n/* DROP TABLE x */ DELETE FROM marts.orders";
    assertEquals(List.of("DELETE marts.orders@marts.orders"), writes(sql, SqlDialect.DUCKDB));
  }

  @Test
  void everyNameOfAListIsATarget() {
    assertEquals(List.of("TRUNCATE null.a@a", "TRUNCATE marts.b@marts.b"),
        writes("TRUNCATE a, ONLY marts.b *", SqlDialect.POSTGRES));
    assertEquals(
        List.of("DROP null.a@a", "DROP marts.b@marts.b", "DROP staging.c@\"Staging\".\"C\""),
        writes("DROP TABLE a, marts.b, \"Staging\".\"C\" CASCADE", SqlDialect.DUCKDB));
    assertEquals(List.of("GRANT marts.a@marts.a", "GRANT marts.b@marts.b"),
        writes("GRANT SELECT, UPDATE ON marts.a, marts.b TO bob", SqlDialect.POSTGRES));
  }

  @Test
  void writesOfEveryStatementAreListedInTextOrder() {
    String sql = "SELECT 1; WITH d AS (DELETE FROM marts.a RETURNING id) INSERT INTO marts.b "
        + "SELECT id FROM d; UPDATE marts.c SET x = 1";
    assertEquals(
        List.of("DELETE marts.a@marts.a", "INSERT marts.b@marts.b", "UPDATE marts.c@marts.c"),
        writes(sql, SqlDialect.POSTGRES));
  }

  @Test
  void aPartitionOrChildChangesWhatItsParentReturns() {
    assertEquals(List.of("CREATE null.orders_2024@orders_2024", "CREATE marts.orders@marts.orders"),
        writes("CREATE TABLE orders_2024 PARTITION OF marts.orders FOR VALUES FROM (1) TO (2)",
            SqlDialect.POSTGRES));
    assertEquals(List.of("CREATE null.mine@mine", "CREATE marts.orders@marts.orders"),
        writes("CREATE TABLE mine (x int) INHERITS (marts.orders)", SqlDialect.POSTGRES));
  }

  @Test
  void statementsThatRunLaterAreReadAsStatements() {
    assertEquals(List.of("CREATE null.f@f", "DELETE marts.a@marts.a", "UPDATE marts.b@marts.b"),
        writes("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC DELETE FROM marts.a; "
            + "UPDATE marts.b SET x = 1; SELECT 1; END", SqlDialect.POSTGRES));
    assertEquals(
        List.of("CREATE null.mine@mine", "INSERT marts.a@marts.a", "DELETE marts.b@marts.b"),
        writes("CREATE RULE r AS ON INSERT TO mine DO ALSO (INSERT INTO marts.a VALUES (1); "
            + "DELETE FROM marts.b)", SqlDialect.POSTGRES));
  }

  @Test
  void startIsTheOffsetOfTheNameAsWritten() {
    String sql = "/* c */ DELETE FROM \"Marts\".orders";
    WriteTarget target = duckdb(sql).writes().get(0);
    assertEquals(sql.indexOf("\"Marts\""), target.start());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "SELECT * FROM marts.orders",
      "SELECT replace(status, 'a', 'b') FROM marts.orders",
      "SELECT \"delete\", \"update\", \"insert\" FROM marts.orders",
      "SELECT t.update, t.delete, t.insert, t.copy, t.comment, t.drop FROM marts.orders t",
      "SELECT update, copy, comment, drop, merge FROM marts.orders",
      "SELECT * FROM marts.orders FOR UPDATE",
      "SELECT * FROM marts.orders FOR NO KEY UPDATE SKIP LOCKED",
      "SELECT 'DELETE FROM marts.orders'",
      "SELECT $$DELETE FROM marts.orders$$",
      "SELECT 1 -- DELETE FROM marts.orders",
      "/* INSERT INTO marts.orders VALUES (1) */ SELECT 1",
      "SELECT * FROM marts.orders WHERE note = 'x''; DROP TABLE marts.orders; --'",
      "WITH x AS (SELECT * FROM marts.orders) SELECT * FROM x",
      "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT * FROM r",
      "SELECT * FROM f() AS (delete int, update int, copy text)",
      "COPY (SELECT * FROM marts.orders) TO 'orders.csv'",
      "COPY marts.orders TO 'orders.csv' (FORMAT csv)",
      "COPY marts.orders (id) TO STDOUT",
      "SHOW TABLES",
      "DESCRIBE marts.orders",
      "SUMMARIZE marts.orders",
      "PRAGMA table_info('marts.orders')",
      "SET threads = 2",
      "VACUUM marts.orders",
      "LOCK TABLE marts.orders IN ACCESS EXCLUSIVE MODE",
      "EXPLAIN SELECT * FROM marts.orders",
      "FROM marts.orders SELECT *",
      "VALUES (1), (2)",
      "UPDATE EXTENSIONS",
      "GRANT analyst TO bob",
      "SELECT * FROM query('DELETE FROM marts.orders RETURNING *')",
      "CREATE EXTENSION IF NOT EXISTS pg_trgm",
      "DROP ROLE bob",
      "",
      " ;; -- nothing",
  })
  void readsReportNoWrite(String sql) {
    for (SqlDialect dialect : SqlDialect.values()) {
      assertEquals(List.of(), writes(sql, dialect), dialect.name());
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      USE marts                                 | marts=marts
      use "Marts"                               | marts="Marts"
      USE analytics.marts                       | marts=marts
      /* switch */ USE marts; SELECT 1          | marts=marts
      SET schema = 'marts'                      | marts='marts'
      SET SCHEMA 'Marts'                        | marts='Marts'
      SET schema TO marts                       | marts=marts
      SET SESSION search_path TO marts, public  | marts=marts, public=public
      SET LOCAL search_path = marts             | marts=marts
      SET search_path = "$user", marts          | $user="$user", marts=marts
      RESET search_path                         | =search_path
      RESET schema                              | =schema
      RESET ALL                                 | =ALL
      SET search_path TO DEFAULT                | =search_path
      DISCARD ALL                               | =ALL
      """)
  void sessionSchemaStatementsNameTheirSchemaTokens(String sql, String expected) {
    for (SqlDialect dialect : SqlDialect.values()) {
      assertEquals(List.of(expected.split(", ")), schemas(
          StatementClassifier.classify(sql, dialect), sql), dialect.name());
    }
  }

  @Test
  void postgresSearchPathListsEachIdentifierOrString() {
    String sql = "SET search_path = a, \"B\", 'c'";
    assertEquals(List.of("a=a", "b=\"B\"", "c='c'"), schemas(postgres(sql), sql));
    // PostgreSQL reads a quoted value as one name, commas and all.
    String quoted = "SET search_path = 'marts,staging'";
    assertEquals(List.of("marts,staging='marts,staging'"), schemas(postgres(quoted), quoted));
  }

  @Test
  void duckdbSearchPathStringIsAList() {
    String sql = "SET search_path = 'marts, Staging,analytics.main'";
    assertEquals(List.of("marts=marts", "staging=Staging", "main=main"), schemas(duckdb(sql), sql));
    String single = "SET search_path = 'marts'";
    assertEquals(List.of("marts='marts'"), schemas(duckdb(single), single));
  }

  @Test
  void setConfigOfSearchPathIsASessionSchema() {
    String sql = "SELECT set_config('search_path', 'marts, public', false)";
    assertEquals(List.of("marts=marts", "public=public"), schemas(postgres(sql), sql));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "SELECT 1",
      "SET threads = 2",
      "SET search_path_x = 'a'",
      "SHOW search_path",
      "SELECT 'USE marts'",
      "SELECT current_setting('search_path')",
      "RESET threads",
  })
  void otherStatementsNameNoSessionSchema(String sql) {
    for (SqlDialect dialect : SqlDialect.values()) {
      assertEquals(List.of(), StatementClassifier.classify(sql, dialect).sessionSchema(),
          dialect.name());
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      DO $$BEGIN DELETE FROM marts.o; END$$                         | BEGIN DELETE FROM marts.o; END
      DO $body$ BEGIN PERFORM 1; END $body$ LANGUAGE plpgsql        | ` BEGIN PERFORM 1; END `
      DO LANGUAGE plpgsql 'BEGIN PERFORM ''x''; END'                | BEGIN PERFORM 'x'; END
      DO LANGUAGE 'plpgsql' $$SELECT 1$$                            | SELECT 1
      EXECUTE IMMEDIATE 'DELETE FROM marts.orders'                  | DELETE FROM marts.orders
      SELECT * FROM query('SELECT * FROM marts.orders')             | SELECT * FROM marts.orders
      SELECT * FROM QUERY('SELECT ''a'' FROM marts.orders')         | SELECT 'a' FROM marts.orders
      SELECT * FROM query(E'SELECT \\'a\\\\b\\' FROM t')            | SELECT 'a\\b' FROM t
      FROM query_table('marts.orders')                              | marts.orders
      FROM query_table(['marts.orders', "marts.items"], true)       | marts.orders
      CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$SELECT 1$$  | SELECT 1
      """)
  void stringsThatRunAsSqlAreDecoded(String sql, String expected) {
    assertEquals(List.of(expected), postgres(sql).dynamicSql());
  }

  @Test
  void queryTableListsEachName() {
    assertEquals(List.of("marts.orders", "marts.items"),
        duckdb("SELECT * FROM query_table(['marts.orders', 'marts.items'])").dynamicSql());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "SELECT 'query(''SELECT 1'')'",
      "SELECT query FROM log",
      "SELECT * FROM query(?)",
      "CREATE FUNCTION f() RETURNS int AS 'f.so', 'f' LANGUAGE c",
      "CREATE MACRO greet() AS 'hello'",
      "EXECUTE p(1)",
  })
  void otherStringsAreNotDynamicSql(String sql) {
    assertEquals(List.of(), duckdb(sql).dynamicSql());
  }

  @Test
  void aPostgresFunctionBodyWithoutLanguageIsSql() {
    String sql = "CREATE OR REPLACE FUNCTION f() RETURNS int AS 'SELECT 1' LANGUAGE sql";
    assertEquals(List.of("SELECT 1"), postgres(sql).dynamicSql());
    assertEquals(List.of("CREATE OR REPLACE null.f@f"), writes(sql, SqlDialect.POSTGRES));
  }

  @Test
  void oneTextMayWriteSetTheSchemaAndRunStrings() {
    String sql = "USE marts; DO $$BEGIN NULL; END$$; INSERT INTO orders VALUES (1)";
    Classification c = postgres(sql);
    assertAll(
        () -> assertEquals(
            List.of(new WriteTarget("INSERT", null, "orders", sql.indexOf("orders"))), c.writes()),
        () -> assertEquals(List.of(new SchemaReference("marts", 4, 9)), c.sessionSchema()),
        () -> assertEquals(List.of("BEGIN NULL; END"), c.dynamicSql()));
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void malformedOrTruncatedTextNeverFails(SqlDialect dialect) {
    String sql = "WITH x AS MATERIALIZED (DELETE FROM \"Marts\".orders RETURNING *) "
        + "SELECT * INTO t FROM x; COPY marts.o (a) FROM 'f'; COMMENT ON COLUMN s.t.c IS 'x'; "
        + "SET search_path = 'a, \"b\".c'; DO E'x\\'y'; DROP TRIGGER r ON s.t; "
        + "GRANT ALL ON ALL TABLES IN SCHEMA s TO u; CREATE RULE r AS ON INSERT TO s.t DO NOTHING; "
        + "SELECT * FROM query_table(['a', U&'b']); ALTER TABLE s.t INHERIT p";
    // Every prefix is a truncated statement a client might send; none may throw.
    for (int end = 0; end <= sql.length(); end++) {
      StatementClassifier.classify(sql.substring(0, end), dialect);
    }
    List<String> verbs = new ArrayList<>();
    for (WriteTarget w : StatementClassifier.classify(sql, dialect).writes()) {
      verbs.add(w.verb() + " " + w.schema() + "." + w.table());
    }
    assertEquals(List.of("DELETE marts.orders", "CREATE null.t", "COPY marts.o", "COMMENT ON s.t",
        "DROP s.t", "GRANT s.null", "CREATE s.t", "ALTER s.t", "ALTER null.p"), verbs);
  }

  /**
   * Trino's procedures of a connector's catalog (Iceberg's {@code system.unregister_table},
   * {@code register_table}, {@code rollback_to_snapshot}) change the tables their arguments name,
   * which the arguments may compute: found on the examples/trino cluster, where a dev connection
   * whose user may call procedures unregistered prod's table with
   * {@code CALL iceberg.system.unregister_table(replace('vxnv__raw', 'x', 'e'), …)}.
   */
  @Test
  void trinosConnectorProceduresChangeWhatTheirArgumentsName() {
    for (String sql : List.of("CALL iceberg.system.unregister_table(replace('vxnv__raw', 'x', 'e'), 'orders')",
        "CALL system.register_table(schema_name => 's', table_name => 't', table_location => '/x')",
        "call \"ICEBERG\".SYSTEM.rollback_to_snapshot('s', 't', 1)",
        "PREPARE p FROM CALL system.unregister_table('s', 't')",
        "CALL unregister_table('s', 't')")) {
      assertEquals(1, StatementClassifier.classify(sql, SqlDialect.TRINO).sweeping().size(), sql);
    }
    // Trino's own runtime procedures (catalog system) change no table
    assertEquals(List.of(), StatementClassifier.classify("CALL system.runtime.kill_query(query_id => 'q')",
        SqlDialect.TRINO).sweeping());
    // a PostgreSQL procedure runs as the client's role, which the database keeps off venv's objects
    assertEquals(List.of(), postgres("CALL scratch.cleanup()").sweeping());
  }

  /**
   * Trino's {@code ANALYZE} commits statistics to the table (Trino's access control asks for the
   * insert privilege): found on the examples/trino cluster, where a dev connection whose user may
   * write analyzed its model's physical table.
   */
  @Test
  void trinosAnalyzeWritesTheTable() {
    assertEquals(List.of("ANALYZE marts.orders@marts.orders"), writes("ANALYZE marts.orders", SqlDialect.TRINO));
    assertEquals(List.of("ANALYZE marts.orders@iceberg.marts.orders"),
        writes("analyze iceberg.marts.orders WITH (columns = ARRAY['id'])", SqlDialect.TRINO));
    // elsewhere no write, as before: PostgreSQL skips, with a warning, a table the role does not own
    assertEquals(List.of(), writes("ANALYZE marts.orders", SqlDialect.POSTGRES));
    assertEquals(List.of(), writes("ANALYZE marts.orders", SqlDialect.DUCKDB));
  }

  @Test
  void anUnterminatedQuotedNameIsStillATarget() {
    assertEquals(List.of("DELETE marts.ord@\"Marts\".\"ord"),
        writes("DELETE FROM \"Marts\".\"ord", SqlDialect.DUCKDB));
  }

  @Test
  void aTypicalStatementClassifiesInMicroseconds() {
    // Not a benchmark: a guard against an accidental quadratic scan on the cache-miss path.
    StringBuilder sql = new StringBuilder("WITH a AS (SELECT 1)");
    for (int i = 0; i < 2000; i++) {
      sql.append(", c").append(i)
          .append(" AS (SELECT x, (SELECT y FROM t WHERE z IN (1, 2)) FROM s)");
    }
    sql.append(" DELETE FROM marts.orders");
    String text = sql.toString();
    long start = System.nanoTime();
    Classification c = duckdb(text);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(1, c.writes().size());
    assertTrue(millis < 2_000, () -> "took " + millis + " ms for " + text.length() + " chars");
  }
}
