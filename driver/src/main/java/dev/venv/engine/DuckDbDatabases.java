package dev.venv.engine;

import dev.venv.sql.BackendCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.duckdb.DuckDBConnection;

/**
 * One open DuckDB database per file and settings in a runtime ({@link Backends}), shared by
 * the runtime's engines on that file.
 *
 * <p>DuckDB opens a file once per process; opening it from two threads at once while no
 * connection holds it races in DuckDB's instance cache ("Unique file handle conflict"). So the
 * first user opens an anchor connection, every connection is a {@code duplicate()} of it, and the
 * last user to leave closes it, releasing the file for other processes. Opening is serialized
 * across runtimes on DuckDB's driver class, the one thing all of them share.
 *
 * <p>Two runtimes on one file (two data sources, a driver and an in-process CLI) reach one
 * database, and take its writers' locks from {@link DuckDbFileLocks}, the process's.
 */
final class DuckDbDatabases {
  /** Guarded by itself, with {@link #closed}. */
  private final Map<String, Shared> open = new HashMap<>();
  private boolean closed;
  /** How many times a database was opened here: names each opening. */
  private long openings;

  /** The database behind {@code url}, opened if need be; give it back with {@link #release}. */
  Shared acquire(String key, java.nio.file.Path file, String url, Properties properties) throws SQLException {
    synchronized (open) {
      if (closed) { // the runtime closed while this connect was on its way
        throw Backends.closedError(null);
      }
      Shared shared = open.get(key);
      if (shared == null) {
        Connection anchor;
        try {
          java.sql.Driver duckdb = BackendDrivers.find("org.duckdb.DuckDBDriver", url);
          DuckDbDriverCheck.requireLinked();
          synchronized (duckdb.getClass()) {
            anchor = duckdb.connect(url, properties);
          }
        } catch (SQLException e) {
          throw DuckDbOpenErrors.explain(e, file, url);
        }
        try {
          shared = new Shared(key, anchor.unwrap(DuckDBConnection.class), file, ++openings);
        } catch (SQLException | RuntimeException e) {
          anchor.close();
          throw e;
        }
        open.put(key, shared);
      }
      shared.users++;
      return shared;
    }
  }

  void release(Shared shared) throws SQLException {
    synchronized (open) {
      if (--shared.users == 0) {
        open.remove(shared.key);
        shared.anchor.close();
      }
    }
  }

  /**
   * Deletes a database file (and its write-ahead log) that this runtime opened new and no longer
   * holds open: what a first connect that failed made. Left alone while any engine holds it.
   */
  void deleteIfUnopened(java.nio.file.Path file) throws SQLException {
    synchronized (open) {
      if (open.values().stream().anyMatch(shared -> shared.file.equals(file))) {
        return;
      }
      try {
        java.nio.file.Files.deleteIfExists(file);
        java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(file + ".wal"));
      } catch (java.io.IOException e) {
        throw new SQLException("Could not delete " + file + ", which this failed connect made: " + e.getMessage(),
            "58030", e);
      }
    }
  }

  /** Closes every database still open, whatever its users: the runtime is closing. */
  void closeAll() throws SQLException {
    synchronized (open) {
      closed = true;
      SQLException first = null;
      for (Shared shared : open.values()) {
        try {
          shared.anchor.close();
        } catch (SQLException e) {
          first = first == null ? e : first;
        }
      }
      open.clear();
      if (first != null) {
        throw first;
      }
    }
  }

  /** An open database file. */
  static final class Shared {
    private final String key;
    private final DuckDBConnection anchor;
    private final java.nio.file.Path file;
    private final BackendCatalog catalog;
    private final long opening;
    private int users;

    private Shared(String key, DuckDBConnection anchor, java.nio.file.Path file, long opening) throws SQLException {
      this.key = key;
      this.anchor = anchor;
      this.file = file;
      this.opening = opening;
      try (java.sql.Statement s = anchor.createStatement();
          java.sql.ResultSet rs = s.executeQuery("SELECT current_database()")) {
        rs.next();
        this.catalog = new BackendCatalog(rs.getString(1), BackendCatalog.realFile(file));
      }
    }

    BackendCatalog catalog() {
      return catalog;
    }

    /**
     * Which opening of the file this is. Between two openings no connection of this runtime held
     * the file, so another process may have changed it, or deleted and made it anew.
     */
    long opening() {
      return opening;
    }

    Connection connect() throws SQLException {
      return anchor.duplicate();
    }
  }
}
