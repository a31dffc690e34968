package dev.venv.state;

import dev.venv.state.MultiRowInsert.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows of {@code venv_state.snapshots}, keyed on (model, fingerprint): two models with one
 * query share a fingerprint and are still two snapshots. A row holds its metadata ({@link
 * SnapshotMetadata}), so a snapshot is read, and committed, whole.
 */
final class SnapshotTable {
  private static final String S = Migrations.SCHEMA + ".";

  private SnapshotTable() {}

  /** The recorded snapshots among {@code ids}, with their metadata. */
  static Map<SnapshotId, Snapshot> read(Connection c, Collection<SnapshotId> ids) throws SQLException {
    Set<SnapshotId> wanted = new HashSet<>(ids);
    Map<SnapshotId, Snapshot> result = new HashMap<>();
    // By fingerprint, then by model in Java: portable SQL, and a fingerprint rarely has two models.
    List<String> fingerprints = wanted.stream().map(SnapshotId::fingerprint).distinct().toList();
    try (PreparedStatement ps = c.prepareStatement("SELECT model, fingerprint, data_fingerprint,"
        + " metadata_fingerprint, definition_fingerprint, version, kind, physical_schema, physical_table,"
        + " query_text, parents, model_path, created_at, metadata_text FROM " + S + "snapshots WHERE "
        + InList.in("fingerprint"))) {
      InList.bind(c, ps, 1, fingerprints);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (!wanted.contains(new SnapshotId(rs.getString(1), rs.getString(2)))) {
            continue;
          }
          String parents = rs.getString(11);
          Snapshot s = new Snapshot(
              rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
              rs.getString(6), rs.getString(7), new PhysicalName(rs.getString(8), rs.getString(9)),
              rs.getString(10), parents.isEmpty() ? List.of() : Arrays.asList(parents.split(",")),
              rs.getString(12), SnapshotMetadata.decode(rs.getString(14)), Timestamps.read(rs, 13));
          result.put(s.id(), s);
        }
      }
    }
    return result;
  }

  private static final MultiRowInsert<Snapshot> SNAPSHOTS = new MultiRowInsert<>(S + "snapshots", List.of(
      Column.text("model", Snapshot::model),
      Column.text("fingerprint", Snapshot::fingerprint),
      Column.text("data_fingerprint", Snapshot::dataFingerprint),
      Column.text("metadata_fingerprint", Snapshot::metadataFingerprint),
      Column.text("definition_fingerprint", Snapshot::definitionFingerprint),
      Column.text("version", Snapshot::version),
      Column.text("kind", Snapshot::kind),
      Column.text("physical_schema", s -> s.physical().schema()),
      Column.text("physical_table", s -> s.physical().table()),
      Column.text("query_text", Snapshot::query),
      Column.text("parents", s -> String.join(",", s.parents())),
      Column.text("model_path", Snapshot::modelPath),
      Column.timestamp("created_at", Snapshot::createdAt),
      Column.text("metadata_text", s -> SnapshotMetadata.encode(s.metadata()))));

  /** Records the snapshots not recorded yet; a recorded one is left as it is (snapshots are immutable). */
  static void save(Connection c, Collection<Snapshot> snapshots) throws SQLException {
    if (snapshots.isEmpty()) {
      return;
    }
    Set<SnapshotId> known = recorded(c, snapshots.stream().map(Snapshot::id).toList());
    List<Snapshot> rows = new ArrayList<>();
    for (Snapshot s : snapshots) {
      if (known.add(s.id())) {
        rows.add(s);
      }
    }
    SNAPSHOTS.insert(c, rows);
  }

  /** Which of {@code ids} are recorded: their keys only, not the rows a {@link #read} builds. */
  private static Set<SnapshotId> recorded(Connection c, Collection<SnapshotId> ids) throws SQLException {
    Set<SnapshotId> wanted = new HashSet<>(ids);
    Set<SnapshotId> result = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT model, fingerprint FROM " + S + "snapshots WHERE "
        + InList.in("fingerprint"))) {
      InList.bind(c, ps, 1, wanted.stream().map(SnapshotId::fingerprint).distinct().toList());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          SnapshotId id = new SnapshotId(rs.getString(1), rs.getString(2));
          if (wanted.contains(id)) {
            result.add(id);
          }
        }
      }
    }
    return result;
  }
}
