package dev.venv.engine;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Finds a backend's JDBC driver: by class from venv's own class loader (the self-contained jar
 * carries DuckDB's and PostgreSQL's), then from the thread's context class loader (an application
 * server or a tool that loads drivers itself), then through {@link DriverManager}.
 */
final class BackendDrivers {
  private BackendDrivers() {}

  static Driver find(String className, String url) throws SQLException {
    for (ClassLoader loader : new ClassLoader[] {
        BackendDrivers.class.getClassLoader(), Thread.currentThread().getContextClassLoader()}) {
      if (loader == null) {
        continue;
      }
      try {
        return (Driver) Class.forName(className, true, loader).getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException | LinkageError | ClassCastException notThere) {
        // next place
      }
    }
    try {
      return DriverManager.getDriver(url);
    } catch (SQLException e) {
      throw new SQLException("No JDBC driver for " + Urls.redact(url) + ": put " + className + " on the class path", "08001", e);
    }
  }
}
