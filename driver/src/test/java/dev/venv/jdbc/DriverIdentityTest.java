package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.testing.ModelRepositories;
import dev.venv.testing.Warehouse;
import dev.venv.testing.Warehouse.Backend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a tool shows as the driver (DBeaver's connection dialog, a pool's log): venv, and the
 * backend driver under it, each with its version; the product stays the backend's.
 */
class DriverIdentityTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Backend.class)
  void theDriverIsVenvOverTheBackendsDriver(Backend backend) throws Exception {
    try (Warehouse warehouse = Warehouse.open(backend, dir);
        Connection c = warehouse.connectThroughVenv("prod", ModelRepositories.copyShop(dir.resolve("repo")))) {
      DatabaseMetaData md = c.getMetaData();
      DatabaseMetaData raw = (backend == Backend.DUCKDB ? c.unwrap(org.duckdb.DuckDBConnection.class)
          : c.unwrap(org.postgresql.jdbc.PgConnection.class)).getMetaData();
      assertEquals(backend == Backend.DUCKDB ? "DuckDBJ" : "PostgreSQL JDBC Driver", raw.getDriverName());
      String underneath = backend == Backend.DUCKDB
          ? "DuckDB JDBC " + raw.getDatabaseProductVersion()
          : raw.getDriverName() + " " + raw.getDriverVersion();
      assertTrue(underneath.matches((backend == Backend.DUCKDB ? "DuckDB JDBC v" : "PostgreSQL JDBC Driver ")
          + "\\d+\\.\\d+\\.\\d+.*"), underneath);
      assertEquals("venv-jdbc (" + underneath + ")", md.getDriverName());
      assertEquals(VenvDriver.VERSION + " (" + underneath + ")", md.getDriverVersion());
      Driver driver = DriverManager.getDriver(md.getURL());
      assertEquals(driver.getMajorVersion(), md.getDriverMajorVersion());
      assertEquals(driver.getMinorVersion(), md.getDriverMinorVersion());
      assertEquals(raw.getDatabaseProductName(), md.getDatabaseProductName(), "the product is the backend's");
      assertEquals(raw.getDatabaseProductVersion(), md.getDatabaseProductVersion());
    }
  }
}
