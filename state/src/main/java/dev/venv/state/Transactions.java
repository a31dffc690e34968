package dev.venv.state;

import java.sql.Connection;
import java.sql.SQLException;

/** One transaction on a connection in auto-commit, which it is in again afterwards. */
public final class Transactions {
  private Transactions() {}

  /**
   * Runs {@code work} in one transaction on {@code c}: committed when it returns, rolled back when
   * it throws (any throwable: auto-commit turned back on would commit what the work had done). The
   * failure is the error thrown; what fails after it, such as DuckDB's "no transaction is active"
   * when auto-commit comes back after a failed commit, is kept as suppressed.
   */
  public static <T> T run(Connection c, SqlWork<T> work) throws SQLException {
    c.setAutoCommit(false);
    T result;
    try {
      result = work.run(c);
      c.commit();
    } catch (Throwable e) {
      try {
        c.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      try {
        c.setAutoCommit(true);
      } catch (SQLException restoreFailure) {
        e.addSuppressed(restoreFailure);
      }
      throw e;
    }
    c.setAutoCommit(true);
    return result;
  }
}
