package dev.venv.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Trino's error codes as SQLStates: trino-jdbc sets none, and pools and frameworks decide on them.
 * The messages are as trino-jdbc 476 words them on the examples/trino cluster (its README's notes).
 */
class TrinoErrorsTest {
  private static SQLException trino(String message, int code) {
    return new SQLException("Query failed (#20261130_235757_00082_6f78n): " + message, null, code);
  }

  @Test
  void mapsTheCodesTheClusterReturns() {
    assertEquals("42501", BackendErrors.sqlState(trino("Access Denied: Cannot insert into table iceberg.s.t", 4)));
    assertEquals("42P01", BackendErrors.sqlState(trino("line 1:15: Table 'iceberg.s.t' does not exist", 46)));
    assertEquals("42P07", BackendErrors.sqlState(trino("line 1:1: View already exists: 'iceberg.s.v'", 50)));
    assertEquals("0A000", BackendErrors.sqlState(trino("line 1:1: Inserting into views is not supported", 13)));
    assertEquals("2BP01", BackendErrors.sqlState(trino("Cannot drop non-empty schema 's'", 34)));
    assertEquals("25000", BackendErrors.sqlState(trino("Catalog only supports writes using autocommit: iceberg", 25)));
    assertEquals("25P02", BackendErrors.sqlState(trino("Current transaction is aborted, commands ignored", 22)));
    assertEquals("22023", BackendErrors.sqlState(trino("sequence count must not exceed 10000", 7)));
    assertEquals("42601", BackendErrors.sqlState(trino("line 1:8: mismatched input 'FORM'", 1)));
  }

  @Test
  void classesOfCodesWithoutAStateOfTheirOwn() {
    assertEquals("42000", BackendErrors.trinoSqlState(0));       // GENERIC_USER_ERROR
    assertEquals("XX000", BackendErrors.trinoSqlState(65536));   // GENERIC_INTERNAL_ERROR
    assertEquals("53000", BackendErrors.trinoSqlState(131072));  // GENERIC_INSUFFICIENT_RESOURCES
    assertEquals("58000", BackendErrors.trinoSqlState(16777216)); // a connector's external error
  }

  @Test
  void anotherBackendsErrorIsNotReadAsTrinos() {
    // DuckDB's vendor code means nothing to Trino: the message decides
    assertEquals("42P01", BackendErrors.sqlState(new SQLException("Catalog Error: Table with name t does not exist!",
        null, 4)));
    assertEquals("23505", BackendErrors.sqlState(new SQLException("duplicate key", "23505", 4)));
  }
}
