package dev.venv.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/** Brings the state schema of a database to the newest version, one migration per transaction. */
final class Migrations {
  static final String SCHEMA = "venv_state";

  /** Every migration, oldest first. Append only. */
  static final List<Migration> ALL = List.of(
      new Migration(1, "initial", "migrations/V001__initial.sql"),
      new Migration(2, "snapshot identity", "migrations/V002__snapshot_identity.sql"),
      new Migration(3, "backend of a separate state", "migrations/V003__backend.sql"),
      new Migration(4, "view intents", "migrations/V004__view_intents.sql"),
      new Migration(5, "metadata in the snapshot's row", "migrations/V005__metadata_in_snapshot_row.sql"));

  private Migrations() {}

  /** The newest version this code knows. */
  static int latest() {
    return ALL.get(ALL.size() - 1).version();
  }

  /**
   * Applies every migration newer than the database's version. The caller holds the state lock,
   * so no two migrate at once.
   *
   * @return the schema version after migrating
   */
  static int migrate(Connection connection) throws SQLException {
    // Up to date: nothing to write. A role that may read the state but not change it (a client
    // of a database where venv's objects belong to another role) connects too.
    if (hasVersionTable(connection) && currentVersion(connection) == latest()) {
      return latest();
    }
    return migrate(connection, latest());
  }

  /** Applies the migrations up to {@code target} only: how a test makes a database of an older release. */
  static int migrate(Connection connection, int target) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
      statement.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".schema_version ("
          + "version INTEGER PRIMARY KEY, description VARCHAR(255) NOT NULL, applied_at TIMESTAMP NOT NULL)");
      int current = currentVersion(connection);
      if (current > latest()) {
        throw new StateException("The state schema is at version " + current + ", newer than this venv-jdbc knows ("
            + latest() + "); upgrade venv-jdbc", "55000");
      }
      connection.setAutoCommit(false);
      for (Migration migration : ALL) {
        if (migration.version() <= current || migration.version() > target) {
          continue;
        }
        try {
          for (String sql : migration.statements()) {
            statement.execute(sql);
          }
          try (PreparedStatement record = connection.prepareStatement(
              "INSERT INTO " + SCHEMA + ".schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
            record.setInt(1, migration.version());
            record.setString(2, migration.description());
            record.setObject(3, Timestamps.toDatabase(Instant.now()));
            record.executeUpdate();
          }
          connection.commit();
          current = migration.version();
        } catch (Throwable e) {
          // Any throwable: restoring auto-commit below would commit a half-applied migration.
          connection.rollback();
          if (!(e instanceof SQLException)) {
            throw e;
          }
          throw new StateException("State migration " + migration.version() + " (" + migration.description()
              + ") failed and was rolled back: " + e.getMessage(), "55000", e);
        }
      }
      return current;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private static boolean hasVersionTable(Connection connection) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM information_schema.tables"
        + " WHERE table_schema = ? AND table_name = 'schema_version'")) {
      ps.setString(1, SCHEMA);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  static int currentVersion(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM " + SCHEMA + ".schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
