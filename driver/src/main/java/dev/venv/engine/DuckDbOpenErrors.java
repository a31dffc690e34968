package dev.venv.engine;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * DuckDB's refusals to open a database file, said in venv's words with a SQLState (DuckDB gives
 * none): what is wrong with the file or the settings, and what to do about it.
 */
final class DuckDbOpenErrors {
  private DuckDbOpenErrors() {}

  static SQLException explain(SQLException e, Path file, String url) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.contains("different configuration")) {
      return new SQLException("The DuckDB database " + Urls.redact(url) + " is already open in this process with"
          + " other settings (read-only and read-write, or two values of one setting, cannot be open at once in"
          + " one process); close the other connections first, or connect the same way they did", "08004", e);
    }
    List<String> unknown = BackendErrors.unrecognizedSettings(message);
    if (!unknown.isEmpty()) {
      return new UnknownSettingException("DuckDB", unknown, e);
    }
    String holder = BackendErrors.lockHolder(message);
    if (holder != null) {
      return heldByAnotherProcess(file, holder, BackendErrors.heldReadOnly(message), e);
    }
    return e;
  }

  /**
   * DuckDB lets one process write a file while no other has it open, or several read it: the
   * second writer (or a reader while a writer holds it) learns which case it met and what to do.
   * SQLState {@code 55006}, object in use.
   */
  private static SQLException heldByAnotherProcess(Path file, String holder, boolean heldReadOnly, SQLException e) {
    String what = heldReadOnly
        ? "is open read-only in another process, " + holder + ", and DuckDB lets a process write a file only while"
            + " no other process has it open. To read an existing environment, connect read-only too"
            + " (option access_mode=READ_ONLY); to create, update or promote one, close the readers first"
        : "is open for writing in another process, " + holder + ", and while it is, DuckDB lets no other process"
            + " open the file, not even read-only. Close that process first, or do this work through it. Several"
            + " processes can share the file only when every one of them connects read-only"
            + " (option access_mode=READ_ONLY); several writers at once need PostgreSQL";
    return new SQLException("The DuckDB database " + file + " " + what, "55006", e);
  }
}
