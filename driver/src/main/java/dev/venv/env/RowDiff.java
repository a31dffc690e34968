package dev.venv.env;

import dev.venv.engine.Engine;
import dev.venv.state.Environment;
import dev.venv.state.Identifiers;
import dev.venv.state.Snapshot;
import dev.venv.state.SnapshotId;
import dev.venv.state.StateStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A row-level diff of one model between two environments, keyed on the model's grain, like
 * {@code sqlmesh table_diff}: rows only in A, only in B, and rows whose other columns differ,
 * each with a small sample of grain values.
 *
 * @param grain   the key columns
 * @param columns the compared columns (both sides have them, the grain excluded)
 */
public record RowDiff(String model, String a, String b, List<String> grain, List<String> columns,
    long rowsA, long rowsB, long onlyInA, long onlyInB, long changed,
    List<String> sampleOnlyInA, List<String> sampleOnlyInB, List<String> sampleChanged) {

  static RowDiff of(Engine engine, StateStore store, String nameA, String nameB, String model, int sample)
      throws SQLException {
    Environment a = EnvironmentDiff.existing(store, nameA);
    Environment b = EnvironmentDiff.existing(store, nameB);
    String m = model.toLowerCase(Locale.ROOT);
    if (!a.snapshots().containsKey(m) || !b.snapshots().containsKey(m)) {
      throw new SQLException("Model " + m + " is not in both environments " + nameA + " and " + nameB, "42704");
    }
    SnapshotId ia = new SnapshotId(m, a.snapshots().get(m));
    SnapshotId ib = new SnapshotId(m, b.snapshots().get(m));
    Map<SnapshotId, Snapshot> snapshots = store.snapshots(List.of(ia, ib));
    Snapshot sa = snapshots.get(ia);
    Snapshot sb = snapshots.get(ib);
    String grainText = sb.metadata().getOrDefault("grain", sa.metadata().get("grain"));
    if (grainText == null || grainText.isBlank()) {
      throw new SQLException("Model " + m + " has no grain: declare its key in the MODEL header (grain id, or"
          + " grain (a, b)) to diff its rows", "42000");
    }
    List<String> grain = List.of(grainText.replaceAll("[()\\s]", "").toLowerCase(Locale.ROOT).split(","));
    String ta = sa.physical().quoted();
    String tb = sb.physical().quoted();
    try (Connection c = engine.open(); Statement s = c.createStatement()) {
      Set<String> columns = columns(s, ta);
      columns.retainAll(columns(s, tb));
      if (!columns.containsAll(grain)) {
        throw new SQLException("Model " + m + ": grain " + grain + " is not among its columns " + columns, "42703");
      }
      columns.removeAll(grain);
      String key = grain.stream().map(k -> "x." + q(k) + " = y." + q(k)).collect(Collectors.joining(" AND "));
      String differs = columns.isEmpty() ? "FALSE"
          : columns.stream().map(k -> "x." + q(k) + " IS DISTINCT FROM y." + q(k)).collect(Collectors.joining(" OR "));
      String keys = grain.stream().map(k -> "x." + q(k)).collect(Collectors.joining(", "));
      String onlyA = " FROM " + ta + " x WHERE NOT EXISTS (SELECT 1 FROM " + tb + " y WHERE " + key + ")";
      String onlyB = " FROM " + tb + " x WHERE NOT EXISTS (SELECT 1 FROM " + ta + " y WHERE " + key + ")";
      String changed = " FROM " + ta + " x JOIN " + tb + " y ON " + key + " WHERE " + differs;
      return new RowDiff(m, nameA, nameB, grain, List.copyOf(columns),
          count(s, "SELECT count(*) FROM " + ta), count(s, "SELECT count(*) FROM " + tb),
          count(s, "SELECT count(*)" + onlyA), count(s, "SELECT count(*)" + onlyB), count(s, "SELECT count(*)" + changed),
          sample(s, "SELECT " + keys + onlyA + " ORDER BY " + keys, sample),
          sample(s, "SELECT " + keys + onlyB + " ORDER BY " + keys, sample),
          sample(s, "SELECT " + keys + changed + " ORDER BY " + keys, sample));
    }
  }

  private static Set<String> columns(Statement s, String table) throws SQLException {
    Set<String> columns = new LinkedHashSet<>();
    try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        columns.add(md.getColumnLabel(i).toLowerCase(Locale.ROOT));
      }
    }
    return columns;
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> sample(Statement s, String sql, int limit) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql + " LIMIT " + limit)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> values = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
          values.add(String.valueOf(rs.getString(i)));
        }
        rows.add(String.join(", ", values));
      }
    }
    return rows;
  }

  private static String q(String identifier) {
    return Identifiers.quote(identifier);
  }
}
