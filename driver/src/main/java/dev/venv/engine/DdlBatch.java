package dev.venv.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * DDL for one connection, sent several statements per call where the backend runs many in one
 * ({@link Engine#ddlBatch}): DuckDB then parses and runs them in one call, PostgreSQL in one round
 * trip. A view's DDL costs little more than its call, so a thousand views cost a third more one
 * call each. Statements run in the order added; {@link #flush} before anything that must follow
 * them, and at the end. A failure is the backend's error for the call it was in.
 */
public final class DdlBatch {
  /** Between statements: a newline first, so that no statement's last line comment swallows it. */
  private static final String SEPARATOR = "\n;\n";

  private final Connection connection;
  private final int perCall;
  private final List<String> pending = new ArrayList<>();

  DdlBatch(Connection connection, int perCall) {
    this.connection = connection;
    this.perCall = perCall;
  }

  public void add(String statement) throws SQLException {
    pending.add(statement);
    if (pending.size() >= perCall) {
      flush();
    }
  }

  /** Runs what was added and not run yet. */
  public void flush() throws SQLException {
    if (pending.isEmpty()) {
      return;
    }
    String sql = String.join(SEPARATOR, pending);
    pending.clear();
    Engine.execute(connection, sql);
  }
}
