package dev.venv.state;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * {@code column IN (SELECT unnest(?))}: any number of strings in one array parameter, which DuckDB
 * and PostgreSQL both join against. A list of a parameter per value needed chunks (every backend
 * has a limit) and cost DuckDB a bound parameter each: reading an environment's thousand
 * snapshots that way took three times as long.
 */
final class InList {
  private InList() {}

  /** The condition, with one parameter: bind it with {@link #bind}. */
  static String in(String column) {
    return column + " IN (SELECT unnest(CAST(? AS VARCHAR[])))";
  }

  static void bind(Connection c, PreparedStatement ps, int parameter, Collection<String> values) throws SQLException {
    Array array = c.createArrayOf("varchar", values.toArray());
    ps.setArray(parameter, array);
  }
}
