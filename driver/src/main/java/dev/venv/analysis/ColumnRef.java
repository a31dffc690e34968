package dev.venv.analysis;

/**
 * A column of a table a model reads: a model's output column, or an external table's column.
 *
 * @param table  the model's name, or the external table's name as written, lower case
 * @param column the column, lower case; {@link #ALL} for every column ({@code *})
 */
public record ColumnRef(String table, String column) implements Comparable<ColumnRef> {
  public static final String ALL = "*";

  @Override
  public int compareTo(ColumnRef o) {
    int c = table.compareTo(o.table);
    return c != 0 ? c : column.compareTo(o.column);
  }

  @Override
  public String toString() {
    return table + "." + column;
  }
}
