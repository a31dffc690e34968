package dev.venv.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/** Trying a statement inside a transaction without losing the transaction when it fails. */
final class Savepoints {
  /** Work that may fail. */
  interface SqlAction {
    void run() throws SQLException;
  }

  private Savepoints() {}

  /**
   * Runs {@code action}; in a transaction, under a savepoint, so that a failure (which aborts a
   * PostgreSQL transaction) is undone and the transaction goes on.
   *
   * @return the failure, or {@code null} when the action succeeded
   */
  static SQLException attempt(Connection c, SqlAction action) throws SQLException {
    if (c.getAutoCommit()) {
      try {
        action.run();
        return null;
      } catch (SQLException e) {
        return e;
      }
    }
    Savepoint savepoint = c.setSavepoint();
    try {
      action.run();
    } catch (SQLException e) {
      c.rollback(savepoint);
      return e;
    }
    c.releaseSavepoint(savepoint);
    return null;
  }
}
