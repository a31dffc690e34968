package dev.venv.engine;

import dev.venv.sql.BackendCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.duckdb.DuckDBConnection;

/**
 * One open DuckDB database per file in this JVM, shared by every engine on that file.
 *
 * <p>DuckDB opens a file once per process; opening it from two threads at once while no
 * connection holds it races in DuckDB's instance cache ("Unique file handle conflict"). So the
 * first user opens an anchor connection, every connection is a {@code duplicate()} of it, and the
 * last user to leave closes it, releasing the file for other processes.
 */
final class DuckDbDatabases {
  private static final Map<String, Shared> OPEN = new HashMap<>();

  private DuckDbDatabases() {}

  /** The database behind {@code url}, opened if need be; give it back with {@link #release}. */
  static Shared acquire(String key, java.nio.file.Path file, String url, Properties properties) throws SQLException {
    synchronized (OPEN) {
      Shared shared = OPEN.get(key);
      if (shared == null) {
        Connection anchor;
        try {
          anchor = BackendDrivers.find("org.duckdb.DuckDBDriver", url).connect(url, properties);
        } catch (SQLException e) {
          if (e.getMessage() != null && e.getMessage().contains("different configuration")) {
            throw new SQLException("The DuckDB database " + Urls.redact(url) + " is already open in this process with another"
                + " access mode (read-only and read-write cannot be open at once in one process); close the other"
                + " connections first, or connect the same way they did", "08004", e);
          }
          throw e;
        }
        try {
          shared = new Shared(key, anchor.unwrap(DuckDBConnection.class), file);
        } catch (SQLException | RuntimeException e) {
          anchor.close();
          throw e;
        }
        OPEN.put(key, shared);
      }
      shared.users++;
      return shared;
    }
  }

  static void release(Shared shared) throws SQLException {
    synchronized (OPEN) {
      if (--shared.users == 0) {
        OPEN.remove(shared.key);
        shared.anchor.close();
      }
    }
  }

  /** An open database file. */
  static final class Shared {
    private final String key;
    private final DuckDBConnection anchor;
    private final BackendCatalog catalog;
    private int users;

    private Shared(String key, DuckDBConnection anchor, java.nio.file.Path file) throws SQLException {
      this.key = key;
      this.anchor = anchor;
      try (java.sql.Statement s = anchor.createStatement();
          java.sql.ResultSet rs = s.executeQuery("SELECT current_database()")) {
        rs.next();
        this.catalog = new BackendCatalog(rs.getString(1), BackendCatalog.realFile(file));
      }
    }

    BackendCatalog catalog() {
      return catalog;
    }

    Connection connect() throws SQLException {
      return anchor.duplicate();
    }
  }
}
