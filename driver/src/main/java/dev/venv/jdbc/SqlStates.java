package dev.venv.jdbc;

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
import java.util.Locale;

/**
 * Gives every {@link SQLException} a client sees a SQLState.
 *
 * <p>DuckDB's JDBC driver leaves the SQLState {@code null}; pools and frameworks decide on it
 * (HikariCP evicts on {@code 08xxx}, Spring translates by class and state), so a {@code null}
 * turns every error into "unknown". The state is inferred from the exception's class, else from
 * DuckDB's message prefix ({@code "Catalog Error: ..."}), else {@code HY000}.
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
    return fromMessage(e.getMessage());
  }

  /** The state for a DuckDB message, which starts with its error type: {@code "Binder Error: ..."}. */
  static String fromMessage(String message) {
    if (message == null) {
      return "HY000";
    }
    String text = message.strip();
    int end = text.indexOf(" Error:");
    String type = end < 0 ? "" : text.substring(0, end).toLowerCase(Locale.ROOT);
    String lower = text.toLowerCase(Locale.ROOT);
    if (type.equals("catalog") && lower.contains("does not exist")) {
      return "42P01"; // undefined table (or view), as PostgreSQL says it
    }
    switch (type) {
      case "parser":
      case "syntax":
      case "binder":
      case "catalog":
      case "parameter not resolved":
      case "parameter not allowed":
        return "42000";
      case "permission":
        return "42501";
      case "conversion":
      case "invalid input":
      case "mismatch type":
      case "invalid type":
      case "decimal":
        return "22000";
      case "out of range":
        return "22003";
      case "divide by zero":
        return "22012";
      case "constraint":
        return "23000";
      case "dependency":
        return "2BP01";
      case "transactioncontext":
      case "transaction":
        return lower.contains("conflict") ? "40001" : "25000";
      case "not implemented":
        return "0A000";
      case "interrupt":
        return "57014";
      case "out of memory":
        return "53200";
      case "io":
        return "58030";
      case "connection":
        return "08000";
      default:
        break;
    }
    if (lower.contains("conflict")) {
      return "40001";
    }
    if (lower.contains("connection") && lower.contains("closed")) {
      return "08003";
    }
    return "HY000";
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
