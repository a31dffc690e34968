package dev.venv.engine;

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
  static Shared acquire(String key, String url, Properties properties) throws SQLException {
    synchronized (OPEN) {
      Shared shared = OPEN.get(key);
      if (shared == null) {
        Connection anchor;
        try {
          anchor = BackendDrivers.find("org.duckdb.DuckDBDriver", url).connect(url, properties);
        } catch (SQLException e) {
          if (e.getMessage() != null && e.getMessage().contains("different configuration")) {
            throw new SQLException("The DuckDB database " + url + " is already open in this process with another"
                + " access mode (read-only and read-write cannot be open at once in one process); close the other"
                + " connections first, or connect the same way they did", "08004", e);
          }
          throw e;
        }
        shared = new Shared(key, anchor.unwrap(DuckDBConnection.class));
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
    private int users;

    private Shared(String key, DuckDBConnection anchor) {
      this.key = key;
      this.anchor = anchor;
    }

    Connection connect() throws SQLException {
      return anchor.duplicate();
    }
  }
}
