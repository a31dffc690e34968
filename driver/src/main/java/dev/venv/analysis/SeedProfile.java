package dev.venv.analysis;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a seed CSV holds, column by column: its row count and a digest of each column's values in
 * row order. A seed snapshot records it (where a query model records its query), so a later change
 * of the CSV can be compared without the old file: only columns added, every old column's values
 * as they were, is non-breaking; only some columns' values changed, row count kept, is partial.
 *
 * @param rows     data rows
 * @param columns  column name (lower case) → SHA-256 of its values, in header order
 * @param declared the model's declared columns (their types), canonical, or {@code ""}
 * @param duckdb   read as DuckDB loads it ({@code read_csv}'s sniffer: delimiter, skipped lines,
 *                 types), each column's digest covering its type; else read as RFC 4180 CSV
 *                 (comma, header first), as PostgreSQL's seed loader reads it
 */
public record SeedProfile(long rows, Map<String, String> columns, String declared, boolean duckdb) {
  private static final String HEADER = "-- venv seed profile v1";
  private static final String DUCKDB_HEADER = HEADER + " duckdb";

  public SeedProfile(long rows, Map<String, String> columns, String declared) {
    this(rows, columns, declared, false);
  }

  /**
   * Reads {@code csv} the way DuckDB's seed loader does ({@code read_csv(path, header = true)}, in
   * an in-memory DuckDB): its column names, types and values as DuckDB sees them.
   */
  public static SeedProfile readAsDuckDb(Path csv, String declared) throws IOException {
    String types = declared == null ? "" : declared.replace('\n', ' ');
    String sql = "SELECT * FROM read_csv('" + csv.toAbsolutePath().toString().replace("'", "''") + "', header = true)";
    try (java.sql.Connection c = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
        java.sql.Statement st = c.createStatement()) {
      st.execute("SET threads = 1");
      try (java.sql.ResultSet rs = st.executeQuery(sql)) {
        java.sql.ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<MessageDigest> digests = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          MessageDigest d = sha256();
          d.update(md.getColumnTypeName(i).getBytes(StandardCharsets.UTF_8));
          digests.add(d);
        }
        long rows = 0;
        while (rs.next()) {
          rows++;
          for (int i = 1; i <= n; i++) {
            String value = rs.getString(i);
            byte[] bytes = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
            digests.get(i - 1).update(java.nio.ByteBuffer.allocate(4).putInt(value == null ? -1 : bytes.length).array());
            digests.get(i - 1).update(bytes);
          }
        }
        Map<String, String> columns = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
          String name = md.getColumnName(i);
          columns.put(name, columns.containsKey(name) ? "duplicate" : HexFormat.of().formatHex(digests.get(i - 1).digest()));
        }
        return new SeedProfile(rows, columns, types, true);
      }
    } catch (java.sql.SQLException e) {
      throw new IOException("DuckDB cannot read seed " + csv + ": " + e.getMessage(), e);
    }
  }

  /** Reads {@code csv} (a header row, then data) of a seed model declaring {@code declared} columns. */
  public static SeedProfile read(Path csv, String declared) throws IOException {
    String types = declared == null ? "" : declared.replace('\n', ' ');
    CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
    try (MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(csv.toFile())) {
      if (!it.hasNext()) {
        return new SeedProfile(0, Map.of(), types);
      }
      String[] header = it.next();
      List<MessageDigest> digests = new ArrayList<>();
      for (int i = 0; i < header.length; i++) {
        digests.add(sha256());
      }
      long rows = 0;
      while (it.hasNext()) {
        String[] row = it.next();
        rows++;
        for (int i = 0; i < header.length; i++) {
          String value = i < row.length ? row[i] : "";
          byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
          digests.get(i).update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
          digests.get(i).update(bytes);
        }
      }
      Map<String, String> columns = new LinkedHashMap<>();
      Map<String, String> spelled = new LinkedHashMap<>();
      for (int i = 0; i < header.length; i++) {
        // the header as written, spaces included: the seed's table has the column so named (quoted on PostgreSQL)
        String name = header[i];
        String was = spelled.put(name.toLowerCase(Locale.ROOT), name);
        if (was != null) {
          columns.put(was, "duplicate"); // two columns of one name: never equal to anything before
          name = was;
        }
        columns.put(name, was != null ? "duplicate" : HexFormat.of().formatHex(digests.get(i).digest()));
      }
      return new SeedProfile(rows, columns, types);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** As a seed snapshot records it. */
  public String text() {
    StringBuilder b = new StringBuilder(duckdb ? DUCKDB_HEADER : HEADER).append("\nrows ").append(rows).append("\ndeclared ").append(declared);
    columns.forEach((c, d) -> b.append('\n').append(d).append(' ').append(c));
    return b.toString();
  }

  /** A recorded profile, or empty for anything else (a seed snapshot recorded before profiles). */
  public static Optional<SeedProfile> parse(String text) {
    boolean duckdb = text != null && text.startsWith(DUCKDB_HEADER + "\nrows ");
    if (text == null || !duckdb && !text.startsWith(HEADER + "\nrows ")) {
      return Optional.empty();
    }
    String[] lines = text.split("\n");
    long rows = Long.parseLong(lines[1].substring("rows ".length()));
    String declared = lines[2].substring("declared ".length());
    Map<String, String> columns = new LinkedHashMap<>();
    for (int i = 3; i < lines.length; i++) {
      int space = lines[i].indexOf(' ');
      columns.put(lines[i].substring(space + 1), lines[i].substring(0, space));
    }
    return Optional.of(new SeedProfile(rows, columns, declared, duckdb));
  }

  /** Whether {@code text} is a recorded profile: a seed's, not a query. */
  public static boolean isProfile(String text) {
    return text != null && text.startsWith(HEADER);
  }

  /** How {@code after} differs from this, the seed's previous CSV. */
  public ChangeAssessment compareTo(SeedProfile after) {
    if (duckdb != after.duckdb) {
      return ChangeAssessment.breaking("the seed's previous profile was read another way", ModelAnalysis.NONE);
    }
    if (!declared.equals(after.declared)) {
      return ChangeAssessment.breaking("the seed's declared columns changed", ModelAnalysis.NONE);
    }
    if (rows != after.rows) {
      return ChangeAssessment.breaking("the seed's rows changed", ModelAnalysis.NONE);
    }
    for (String c : columns.keySet()) {
      if (!after.columns.containsKey(c)
          && after.columns.keySet().stream().anyMatch(n -> n.equalsIgnoreCase(c))) {
        return ChangeAssessment.breaking("the seed's column " + c + " was renamed by case: readers name the old"
            + " spelling", ModelAnalysis.NONE);
      }
    }
    List<String> added = new ArrayList<>();
    Set<String> changed = new TreeSet<>();
    after.columns.forEach((c, d) -> {
      String was = columns.get(c);
      if (was == null) {
        added.add(c);
      } else if (!was.equals(d) || d.equals("duplicate")) {
        changed.add(c);
      }
    });
    columns.keySet().stream().filter(c -> !after.columns.containsKey(c)).forEach(changed::add);
    if (changed.size() == columns.size() && !columns.isEmpty()) {
      return ChangeAssessment.breaking("every column of the seed changed", ModelAnalysis.NONE);
    }
    return new ChangeAssessment(changed.isEmpty() ? ChangeAssessment.Category.NON_BREAKING
        : ChangeAssessment.Category.PARTIAL_BREAKING, lower(added), new TreeSet<>(lower(changed)), null, "csv",
        !moved(after).isEmpty());
  }

  /** Old columns kept, when their order changed or a column was added before one of them. */
  private List<String> moved(SeedProfile after) {
    List<String> old = new ArrayList<>(columns.keySet());
    List<String> now = new ArrayList<>(after.columns.keySet());
    List<String> kept = now.stream().filter(columns::containsKey).toList();
    if (!kept.equals(old.stream().filter(after.columns::containsKey).toList())) {
      return kept;
    }
    int lastKept = -1;
    int firstAdded = Integer.MAX_VALUE;
    for (int i = 0; i < now.size(); i++) {
      if (columns.containsKey(now.get(i))) {
        lastKept = i;
      } else {
        firstAdded = Math.min(firstAdded, i);
      }
    }
    return firstAdded < lastKept ? kept : List.of();
  }

  /** Lineage names columns in lower case. */
  private static List<String> lower(java.util.Collection<String> names) {
    return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
  }
}
