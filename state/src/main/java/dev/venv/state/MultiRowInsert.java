package dev.venv.state;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Inserts many rows in one statement, one array parameter per column:
 * {@code INSERT INTO t (a, b) SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[])}. DuckDB and
 * PostgreSQL both zip the unnested arrays into rows. A JDBC batch costs DuckDB a statement
 * execution per row, and a {@code VALUES} list a bound parameter per value; either made recording
 * an environment's thousand snapshots cost as much as creating its thousand views.
 *
 * <p>Every column travels as text: a timestamp column is cast back from its ISO-8601 form.
 */
final class MultiRowInsert<R> {
  private static final DateTimeFormatter TIMESTAMP_TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

  /** One column: its name, whether it is a timestamp, and its value in a row. */
  record Column<R>(String name, boolean timestamp, Function<R, String> value) {
    static <R> Column<R> text(String name, Function<R, String> value) {
      return new Column<>(name, false, value);
    }

    /** Microseconds, the precision both backends keep; UTC, as every timestamp of the state. */
    static <R> Column<R> timestamp(String name, Function<R, Instant> value) {
      return new Column<>(name, true, r -> {
        Instant at = value.apply(r);
        return at == null ? null : TIMESTAMP_TEXT.format(Timestamps.toDatabase(at.truncatedTo(ChronoUnit.MICROS)));
      });
    }
  }

  private final String sql;
  private final List<Column<R>> columns;

  MultiRowInsert(String table, List<Column<R>> columns) {
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (Column<R> column : columns) {
      names.add(column.name());
      values.add(column.timestamp() ? "CAST(unnest(CAST(? AS VARCHAR[])) AS TIMESTAMP)" : "unnest(CAST(? AS VARCHAR[]))");
    }
    this.sql = "INSERT INTO " + table + " (" + String.join(", ", names) + ") SELECT " + String.join(", ", values);
    this.columns = List.copyOf(columns);
  }

  /** Inserts every row in one statement. */
  void insert(Connection c, Collection<? extends R> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    List<? extends R> all = List.copyOf(rows);
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      List<Array> arrays = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        Function<R, String> value = columns.get(i).value();
        String[] texts = new String[all.size()];
        for (int r = 0; r < texts.length; r++) {
          texts[r] = value.apply(all.get(r));
        }
        Array array = c.createArrayOf("varchar", texts);
        arrays.add(array);
        ps.setArray(i + 1, array);
      }
      ps.executeUpdate();
      for (Array array : arrays) {
        array.free();
      }
    }
  }
}
