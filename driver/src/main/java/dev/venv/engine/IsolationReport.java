package dev.venv.engine;

import java.util.List;

/**
 * Whether the database itself keeps a client's session off venv's objects, or whether that rests
 * on the driver alone: what {@code venv doctor} reports.
 *
 * @param backend    {@code duckdb}, {@code postgresql} or {@code trino}
 * @param owner      the role venv's objects belong to (the owner of {@code venv_state}, else the
 *                   role checking); {@code null} on a backend without roles
 * @param clientRole the role clients connect as, when given
 * @param checks     each check, in a fixed order
 * @param notes      what the checks cannot tell, in plain words
 */
public record IsolationReport(String backend, String owner, String clientRole, List<Check> checks, List<String> notes) {

  /**
   * One check.
   *
   * @param name      a stable identifier, e.g. {@code client_cannot_write}
   * @param isolation whether the database's isolation depends on it (else it is about the client
   *                  being able to read what it should)
   * @param ok        whether it passed
   * @param message   what it found, in plain words
   * @param objects   what failed it, e.g. {@code INSERT on venv_state.environments}; empty when ok
   */
  public record Check(String name, boolean isolation, boolean ok, String message, List<String> objects) {
    public Check {
      objects = List.copyOf(objects);
    }
  }

  public IsolationReport {
    checks = List.copyOf(checks);
    notes = List.copyOf(notes);
  }

  /** The backend as a user calls it, e.g. {@code PostgreSQL}. */
  public String backendName() {
    return switch (backend) {
      case "duckdb" -> "DuckDB";
      case "postgresql" -> "PostgreSQL";
      case "trino" -> "Trino";
      default -> backend;
    };
  }

  /** Every check passed. */
  public boolean ok() {
    return checks.stream().allMatch(Check::ok);
  }

  /**
   * {@code database} when the database refuses the client role's writes to venv's objects (checked
   * for a given client role, every check passed); {@code driver} when isolation rests on the driver
   * alone; {@code unchecked} when no client role was given to check.
   */
  public String isolation() {
    if (owner == null) {
      return "driver";
    }
    if (clientRole == null) {
      return "unchecked";
    }
    return checks.stream().filter(Check::isolation).allMatch(Check::ok) ? "database" : "driver";
  }
}
