package dev.venv.engine;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A seed CSV read into memory with a SQL type per column, for backends that cannot read CSV
 * themselves. Types are inferred like DuckDB's {@code read_csv} does for common data: integers,
 * decimals, booleans, ISO dates and timestamps, else text; an empty field is NULL.
 *
 * @param columns column names from the header row
 * @param types   SQL type per column
 * @param rows    the data rows, empty fields as {@code null}
 */
record CsvSeed(List<String> columns, List<String> types, List<String[]> rows) {
  private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");
  private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?");
  private static final Pattern BOOLEAN = Pattern.compile("(?i)true|false");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?");

  /**
   * Reads a CSV with a header row.
   *
   * @throws SQLException SQLState {@code 22P04} (bad copy file format) when it cannot be read
   */
  static CsvSeed read(Path csv) throws SQLException {
    List<String[]> all = new ArrayList<>();
    CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
    try (MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(csv.toFile())) {
      while (it.hasNext()) {
        all.add(it.next());
      }
    } catch (IOException | RuntimeException e) {
      throw new SQLException("Cannot read seed CSV " + csv + ": " + e.getMessage(), "22P04", e);
    }
    if (all.isEmpty()) {
      throw new SQLException("Seed CSV " + csv + " is empty: it needs a header row", "22P04");
    }
    List<String> columns = List.of(all.get(0));
    List<String[]> rows = new ArrayList<>(all.size() - 1);
    for (int r = 1; r < all.size(); r++) {
      String[] row = all.get(r);
      if (row.length == 1 && row[0].isEmpty()) {
        continue; // a blank line
      }
      if (row.length != columns.size()) {
        throw new SQLException("Seed CSV " + csv + " line " + (r + 1) + " has " + row.length + " fields, the header "
            + columns.size(), "22P04");
      }
      for (int c = 0; c < row.length; c++) {
        if (row[c].isEmpty()) {
          row[c] = null;
        }
      }
      rows.add(row);
    }
    List<String> types = new ArrayList<>(columns.size());
    for (int c = 0; c < columns.size(); c++) {
      types.add(infer(rows, c));
    }
    return new CsvSeed(columns, types, rows);
  }

  private static String infer(List<String[]> rows, int column) {
    String[] candidates = {"BIGINT", "NUMERIC", "BOOLEAN", "DATE", "TIMESTAMP"};
    Pattern[] patterns = {INTEGER, DECIMAL, BOOLEAN, DATE, TIMESTAMP};
    boolean[] possible = {true, true, true, true, true};
    boolean any = false;
    for (String[] row : rows) {
      String value = row[column];
      if (value == null) {
        continue;
      }
      any = true;
      for (int t = 0; t < patterns.length; t++) {
        possible[t] &= patterns[t].matcher(value.strip()).matches();
      }
    }
    if (any) {
      for (int t = 0; t < candidates.length; t++) {
        if (possible[t]) {
          return candidates[t];
        }
      }
    }
    return "TEXT";
  }
}
