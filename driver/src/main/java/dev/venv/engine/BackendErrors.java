package dev.venv.engine;

import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQLStates for backend errors that carry none: DuckDB's JDBC driver leaves the state {@code null}
 * and says what went wrong in its message's first words. The one place that reads them.
 */
public final class BackendErrors {
  /** DuckDB's suggestion after a missing name: {@code Did you mean "tags__qa.whoami"?}. */
  private static final Pattern SUGGESTION = Pattern.compile("\\s*Did you mean \"([^\"]*)\"\\??");

  /** DuckDB's refusal of settings it does not know, and the names it lists. */
  private static final String UNRECOGNIZED = "The following options were not recognized: ";
  /** DuckDB's refusal to open a file another process holds: {@code ... held in /usr/bin/java (PID 42).}. */
  private static final Pattern LOCK_HOLDER = Pattern.compile("Conflicting lock is held in (.*?) \\(PID (\\d+)\\)");

  private BackendErrors() {}

  /** The settings a DuckDB refusal names as unknown to it; empty when it is another error. */
  public static java.util.List<String> unrecognizedSettings(String message) {
    int at = message == null ? -1 : message.indexOf(UNRECOGNIZED);
    if (at < 0) {
      return java.util.List.of();
    }
    return java.util.List.of(message.substring(at + UNRECOGNIZED.length()).strip().split("\\s*,\\s*"));
  }

  /**
   * The process holding a DuckDB file that another process could not open: its program and PID
   * as DuckDB names them ({@code java (PID 42)}), or {@code null} when the message is another error.
   */
  public static String lockHolder(String message) {
    Matcher m = message == null ? null : LOCK_HOLDER.matcher(message);
    if (m == null || !m.find()) {
      return null;
    }
    String program = m.group(1);
    return program.substring(program.lastIndexOf('/') + 1) + " (PID " + m.group(2) + ")";
  }

  /** Whether DuckDB's refusal to open a held file says that only read-only processes hold it. */
  public static boolean heldReadOnly(String message) {
    return message.contains("you would be able to open this database in read-only mode");
  }

  /** Whether the message may suggest names (a cheap test before {@link #withoutSuggestions}). */
  public static boolean suggestsNames(String message) {
    return message.contains("Did you mean");
  }

  /**
   * The message without the backend's suggestions of other names ({@code Did you mean "x.y"?})
   * where one of the suggested names is {@code hidden}: an error must not point a client at
   * objects it may not see.
   */
  public static String withoutSuggestions(String message, Predicate<String> hidden) {
    Matcher m = SUGGESTION.matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      boolean hides = false;
      for (String name : m.group(1).split("\\s+or\\s+|,\\s*")) {
        hides |= hidden.test(name);
      }
      m.appendReplacement(out, hides ? "" : Matcher.quoteReplacement(m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** How trino-jdbc starts the message of a failed query (it sets no SQLState; the vendor code is Trino's error code). */
  private static final String TRINO_QUERY_FAILED = "Query failed (#";

  /** Whether {@code e} is a failed Trino query, whose {@link java.sql.SQLException#getErrorCode()} is Trino's error code. */
  public static boolean isTrinoFailure(java.sql.SQLException e) {
    return e.getMessage() != null && e.getMessage().startsWith(TRINO_QUERY_FAILED);
  }

  /**
   * The SQLState for a Trino error code ({@code io.trino.spi.StandardErrorCode}), as PostgreSQL
   * would say it: what pools and frameworks decide on. User errors without a closer state are
   * {@code 42000}; internal errors {@code XX000}, insufficient resources {@code 53000}, external
   * (a connector's) {@code 58000}.
   */
  public static String trinoSqlState(int code) {
    switch (code) {
      case 1: return "42601";  // SYNTAX_ERROR
      case 3: return "57014";  // USER_CANCELED
      case 4: return "42501";  // PERMISSION_DENIED ("Access Denied: …")
      case 5: return "42704";  // NOT_FOUND
      case 6: case 10: case 29: return "42883"; // FUNCTION_, OPERATOR_, PROCEDURE_NOT_FOUND
      case 7: case 14: case 30: return "22023"; // INVALID_FUNCTION_ARGUMENT, _SESSION_PROPERTY, _PROCEDURE_ARGUMENT
      case 8: return "22012";  // DIVISION_BY_ZERO
      case 9: return "22018";  // INVALID_CAST_ARGUMENT
      case 12: return "42710"; // ALREADY_EXISTS
      case 13: return "0A000"; // NOT_SUPPORTED
      case 16: return "23000"; // CONSTRAINT_VIOLATION
      case 17: return "40001"; // TRANSACTION_CONFLICT
      case 19: return "22003"; // NUMERIC_VALUE_OUT_OF_RANGE
      case 22: return "25P02"; // TRANSACTION_ALREADY_ABORTED
      case 23: return "25006"; // READ_ONLY_VIOLATION
      case 24: case 25: return "25000"; // MULTI_CATALOG_, AUTOCOMMIT_WRITE_CONFLICT
      case 28: return "21000"; // SUBQUERY_MULTIPLE_ROWS
      case 34: return "2BP01"; // SCHEMA_NOT_EMPTY
      case 44: return "3D000"; // CATALOG_NOT_FOUND
      case 45: return "3F000"; // SCHEMA_NOT_FOUND
      case 46: return "42P01"; // TABLE_NOT_FOUND (tables and views)
      case 47: return "42703"; // COLUMN_NOT_FOUND
      case 48: return "42704"; // ROLE_NOT_FOUND
      case 49: return "42P06"; // SCHEMA_ALREADY_EXISTS
      case 50: return "42P07"; // TABLE_ALREADY_EXISTS
      case 51: return "42701"; // COLUMN_ALREADY_EXISTS
      case 52: return "42710"; // ROLE_ALREADY_EXISTS
      case 58: return "42804"; // TYPE_MISMATCH
      case 62: return "42702"; // AMBIGUOUS_NAME
      default:
        if (code >= 0 && code < 0x1_0000) {
          return "42000";
        }
        if (code < 0x2_0000) {
          return "XX000";
        }
        return code < 0x100_0000 ? "53000" : "58000";
    }
  }

  /**
   * The SQLState of {@code e}: its own, else one for a failed Trino query from its error code, else
   * one inferred from the message as for DuckDB's ({@link #sqlState(String)}).
   */
  public static String sqlState(java.sql.SQLException e) {
    if (e.getSQLState() != null) {
      return e.getSQLState();
    }
    return isTrinoFailure(e) ? trinoSqlState(e.getErrorCode()) : sqlState(e.getMessage());
  }

  /**
   * The SQLState for a message of a backend that gave none: DuckDB's start with their error type
   * ({@code "Binder Error: ..."}); {@code HY000} when nothing in it says more.
   */
  public static String sqlState(String message) {
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
    if (type.equals("binder") && (lower.contains("referenced column") && lower.contains("not found")
        || lower.contains("does not have a column named"))) {
      return "42703"; // undefined column, as PostgreSQL says it
    }
    if (lower.contains("cannot execute statement") && lower.contains("read-only mode")) {
      return "25006"; // a write on a file opened read-only: read_only_sql_transaction, as PostgreSQL says it
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
}
