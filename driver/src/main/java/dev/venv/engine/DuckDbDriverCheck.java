package dev.venv.engine;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.Properties;
import org.duckdb.DuckDBConnection;

/**
 * Whether the DuckDB JDBC driver on the class path is one venv can use. An application that puts
 * its own, older {@code duckdb_jdbc} ahead of venv's (or beside the thin jar) would otherwise fail
 * deep inside a connect with {@code NoSuchMethodError}: venv shares one open database per file
 * through {@code DuckDBConnection.duplicate()}, which older drivers lack or declare otherwise.
 */
final class DuckDbDriverCheck {
  /** The driver release venv is built and tested with ({@code backend-drivers.properties}, filtered by the build). */
  static final String BUILT_WITH = builtWith();

  private DuckDbDriverCheck() {}

  /** @throws SQLException {@code 08001} naming the driver's jar and the release venv needs */
  static void require(Class<?> connectionClass) throws SQLException {
    String missing = missing(connectionClass);
    if (missing != null) {
      java.security.CodeSource source = connectionClass.getProtectionDomain().getCodeSource();
      throw new SQLException("The DuckDB JDBC driver on the class path" + (source == null ? "" : " ("
          + source.getLocation() + ")") + " is older than venv-jdbc needs: it lacks " + missing + ". Put duckdb_jdbc "
          + BUILT_WITH + " or newer (venv-jdbc.jar carries it) ahead of it on the class path", "08001");
    }
  }

  /** What venv uses that the driver's connection class lacks, or {@code null} when it has it all. */
  static String missing(Class<?> connectionClass) {
    try {
      if (connectionClass.getMethod("duplicate").getReturnType() == connectionClass) {
        return null;
      }
    } catch (NoSuchMethodException absent) {
      // said below
    }
    return connectionClass.getSimpleName() + ".duplicate() returning " + connectionClass.getSimpleName();
  }

  /** Checks the driver venv links against; cheap, and done only when a database file is opened. */
  static void requireLinked() throws SQLException {
    require(DuckDBConnection.class);
  }

  private static String builtWith() {
    Properties versions = new Properties();
    try (InputStream in = DuckDbDriverCheck.class.getResourceAsStream("backend-drivers.properties")) {
      if (in != null) {
        versions.load(in);
      }
    } catch (IOException e) {
      // unknown, then: the message still says what is missing
    }
    return versions.getProperty("duckdb_jdbc", "(the release venv-jdbc was built with)");
  }
}
