package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.sql.SqlDialect;
import dev.venv.state.Environment;
import dev.venv.state.PhysicalName;
import dev.venv.state.Snapshot;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Routing decisions for one environment, without a backend. */
class EnvironmentRouteTest {
  private static final EnvironmentRoute DEV = route("dev", SqlDialect.DUCKDB);

  static EnvironmentRoute route(String env, SqlDialect dialect) {
    Snapshot orders = snapshot("marts.orders", "FULL", "1111111111111111");
    Snapshot customers = snapshot("staging.customers", "VIEW", "2222222222222222");
    Environment environment = new Environment(env, "p1", null, "prod",
        Map.of("marts.orders", orders.fingerprint(), "staging.customers", customers.fingerprint()),
        Instant.now(), Instant.now(), Instant.now(), null, null);
    return new EnvironmentRoute(environment, Map.of("marts.orders", orders, "staging.customers", customers), 7, dialect);
  }

  private static Snapshot snapshot(String model, String kind, String version) {
    String[] parts = model.split("\\.");
    return new Snapshot(model, version + "f", version + "d", "m", "def", version, kind,
        PhysicalName.of(parts[0], parts[1], version), "SELECT 1", List.of(), model + ".sql", Map.of(), Instant.now());
  }

  @Test
  void modelReferencesBecomePhysicalNames() throws SQLException {
    assertEquals("SELECT * FROM \"venv__marts\".\"marts__orders__1111111111111111\" AS orders -- marts.orders",
        DEV.route("SELECT * FROM marts.orders -- marts.orders", null).sql());
    String untouched = "SELECT * FROM main.notes";
    assertSame(untouched, DEV.route(untouched, null).sql(), "no model reference: the very same text");
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
  })
  void writesToWhatVenvOwnsAreRefused(String sql) {
    SQLException e = assertThrows(SQLException.class, () -> DEV.route(sql, null));
    assertEquals("42501", e.getSQLState());
    assertTrue(e.getMessage().contains("environment dev"), e.getMessage());
  }

  @Test
  void anUnqualifiedWriteResolvesThroughTheSessionSchema() throws SQLException {
    SQLException e = assertThrows(SQLException.class, () -> DEV.route("DELETE FROM orders", "marts"));
    assertTrue(e.getMessage().contains("model marts.orders"), e.getMessage());
    assertEquals("DELETE FROM orders", DEV.route("DELETE FROM orders", "main").sql(), "main.orders is the user's");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT * FROM query('SELECT * FROM marts.orders')",
      "SELECT * FROM query_table('orders')",
      "SELECT * FROM query(?)",
      "EXECUTE IMMEDIATE ?",
      "IMPORT DATABASE 'backup'",
  })
  void sqlTheDriverCannotSeeIsRefused(String sql) {
    SQLException e = assertThrows(SQLException.class, () -> DEV.route(sql, null));
    assertEquals("42000", e.getSQLState(), e.getMessage());
  }

  @Test
  void sqlInStringsThatNamesNoModelRuns() throws SQLException {
    assertEquals("SELECT * FROM query('SELECT 42')", DEV.route("SELECT * FROM query('SELECT 42')", null).sql());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "USE marts|USE marts__dev|marts",
      "use \"MARTS\"|use \"marts__dev\"|marts",
      "SET schema = 'staging'|SET schema = 'staging__dev'|staging",
      "SET search_path = 'marts,main'|SET search_path = 'marts__dev,main'|marts,main",
      "USE main|USE main|main",
  })
  void sessionSchemasMapToTheEnvironmentsViews(String sql, String routed, String schema) throws SQLException {
    Routed r = DEV.route(sql, null);
    assertEquals(routed, r.sql());
    assertEquals(schema, r.newSchema());
  }

  @Test
  void aSchemaSetEarlierInTheTextHoldsForTheWritesAfterIt() {
    for (String sql : List.of("USE marts; DROP VIEW orders", "SET search_path = 'main,marts'; DELETE FROM orders",
        "SET schema = 'venv__marts'; DROP TABLE marts__orders__1111111111111111")) {
      SQLException e = assertThrows(SQLException.class, () -> DEV.route(sql, "main"), sql);
      assertEquals("42501", e.getSQLState());
      assertTrue(e.getMessage().contains("model marts.orders"), e.getMessage());
    }
  }

  @Test
  void anUnqualifiedWriteIsCheckedAgainstTheWholeSearchPath() {
    SQLException e = assertThrows(SQLException.class, () -> DEV.route("DROP VIEW orders", "main,marts"));
    assertEquals("42501", e.getSQLState());
  }

  @Test
  void schemaNames() {
    assertEquals("marts__dev", DEV.backendSchema("Marts"));
    assertEquals("main", DEV.backendSchema("main"));
    assertEquals("marts", DEV.logicalSchema("marts__dev"));
    assertTrue(DEV.isHiddenSchema("venv__marts"));
    assertTrue(DEV.isHiddenSchema("venv_state"));
    assertTrue(DEV.isHiddenSchema("marts__qa"), "another environment's views");
    assertFalse(DEV.isHiddenSchema("marts__dev"));
    assertFalse(DEV.isHiddenSchema("main"));
    assertEquals("marts", DEV.logicalTable("venv__marts", "marts__orders__1111111111111111").schema());
    assertEquals("VIEW", DEV.logicalTable("staging__dev", "customers").type());
    assertNull(DEV.logicalTable("main", "orders"));
    EnvironmentRoute prod = route("prod", SqlDialect.DUCKDB);
    assertEquals("marts", prod.backendSchema("marts"));
    assertTrue(prod.isHiddenSchema("marts__dev"));
  }
}
