package dev.venv.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

/**
 * An older DuckDB JDBC driver ahead of venv's on an application's class path is named at connect,
 * with the release venv needs, instead of failing with {@code NoSuchMethodError} inside it.
 */
class DuckDbDriverCheckTest {
  /** The shape of {@code DuckDBConnection} in a driver whose {@code duplicate()} returns a plain Connection. */
  static final class OlderConnection {
    public Connection duplicate() {
      return null;
    }
  }

  /** The shape of one without {@code duplicate()} at all. */
  static final class OldestConnection {}

  @Test
  void theDriverVenvIsBuiltWithPasses() throws SQLException {
    assertNull(DuckDbDriverCheck.missing(DuckDBConnection.class));
    DuckDbDriverCheck.requireLinked();
    assertTrue(DuckDbDriverCheck.BUILT_WITH.matches("\\d+\\.\\d+\\.\\d+\\.\\d+"),
        "the build filled in the release: " + DuckDbDriverCheck.BUILT_WITH);
  }

  @Test
  void anOlderOneIsRefusedNamingTheReleaseNeeded() {
    for (Class<?> older : new Class<?>[] {OlderConnection.class, OldestConnection.class}) {
      SQLException e = assertThrows(SQLException.class, () -> DuckDbDriverCheck.require(older));
      assertEquals("08001", e.getSQLState());
      assertTrue(e.getMessage().contains("is older than venv-jdbc needs: it lacks " + older.getSimpleName()
          + ".duplicate() returning " + older.getSimpleName()), e.getMessage());
      assertTrue(e.getMessage().contains("Put duckdb_jdbc " + DuckDbDriverCheck.BUILT_WITH + " or newer"), e.getMessage());
      assertTrue(e.getMessage().contains("target/test-classes"), "names where the driver came from: " + e.getMessage());
    }
  }
}
