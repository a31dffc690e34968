package dev.venv.jdbc;

import dev.venv.engine.BackendErrors;
import java.sql.BatchUpdateException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLNonTransientException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;

/**
 * Gives every {@link SQLException} a client sees a SQLState.
 *
 * <p>DuckDB's JDBC driver leaves the SQLState {@code null}; pools and frameworks decide on it
 * (HikariCP evicts on {@code 08xxx}, Spring translates by class and state), so a {@code null}
 * turns every error into "unknown". The state is inferred from the exception's class, else from
 * the backend's message ({@link BackendErrors}), else {@code HY000}.
 */
final class SqlStates {
  private SqlStates() {}

  /**
   * {@code e} itself when it has a SQLState, else an exception of the matching
   * {@link SQLException} subclass with a state, the same message and vendor code, and {@code e}
   * as its cause.
   */
  static SQLException ensure(SQLException e) {
    if (e.getSQLState() != null) {
      return e;
    }
    String state = infer(e);
    SQLException stated = restate(e, state);
    stated.setStackTrace(e.getStackTrace());
    SQLException next = e.getNextException();
    if (next != null) {
      stated.setNextException(ensure(next));
    }
    return stated;
  }

  /** A SQLState for an exception that has none. */
  static String infer(SQLException e) {
    // The class says more than the message when the backend chose one.
    if (e instanceof SQLTimeoutException) {
      return "HYT00";
    }
    if (e instanceof SQLFeatureNotSupportedException) {
      return "0A000";
    }
    if (e instanceof SQLTransactionRollbackException) {
      return "40000";
    }
    if (e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientConnectionException
        || e instanceof SQLRecoverableException) {
      return "08000";
    }
    if (e instanceof SQLIntegrityConstraintViolationException) {
      return "23000";
    }
    if (BackendErrors.isTrinoFailure(e)) {
      return BackendErrors.trinoSqlState(e.getErrorCode());
    }
    return BackendErrors.sqlState(e.getMessage());
  }

  /** {@code e} with another message: same class (as far as its state says), state, code; {@code e} the cause. */
  static SQLException withMessage(SQLException e, String message) {
    SQLException restated = restate(e, e.getSQLState() == null ? infer(e) : e.getSQLState(), message);
    restated.setStackTrace(e.getStackTrace());
    if (e.getNextException() != null) {
      restated.setNextException(e.getNextException());
    }
    return restated;
  }

  private static SQLException restate(SQLException e, String state) {
    return restate(e, state, e.getMessage());
  }

  private static SQLException restate(SQLException e, String state, String message) {
    int code = e.getErrorCode();
    if (e instanceof BatchUpdateException) {
      return new BatchUpdateException(message, state, code, ((BatchUpdateException) e).getLargeUpdateCounts(), e);
    }
    if (e instanceof SQLTimeoutException) {
      return new SQLTimeoutException(message, state, code, e);
    }
    switch (state.substring(0, 2)) {
      case "42":
        return state.equals("42501")
            ? new SQLNonTransientException(message, state, code, e)
            : new SQLSyntaxErrorException(message, state, code, e);
      case "22":
        return new SQLDataException(message, state, code, e);
      case "23":
        return new SQLIntegrityConstraintViolationException(message, state, code, e);
      case "40":
        return new SQLTransactionRollbackException(message, state, code, e);
      case "08":
        return e instanceof SQLTransientConnectionException
            ? new SQLTransientConnectionException(message, state, code, e)
            : new SQLNonTransientConnectionException(message, state, code, e);
      case "0A":
        return new SQLFeatureNotSupportedException(message, state, code, e);
      case "28":
        return new SQLInvalidAuthorizationSpecException(message, state, code, e);
      default:
        return new SQLException(message, state, code, e);
    }
  }
}
