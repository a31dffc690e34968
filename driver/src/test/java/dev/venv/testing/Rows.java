package dev.venv.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Result rows as tests compare them: each row its columns as strings joined by '|'. */
public final class Rows {
  private Rows() {}

  /** Every row of {@code rs}, which is closed after. */
  public static List<String> of(ResultSet rs) throws SQLException {
    try (rs) {
      List<String> rows = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
      return rows;
    }
  }

  /** Every row of a query on {@code c}. */
  public static List<String> of(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      return of(s.executeQuery(sql));
    }
  }
}
