package dev.venv.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows of {@code venv_state.snapshots} and {@code snapshot_metadata}, keyed on (model,
 * fingerprint): two models with one query share a fingerprint and are still two snapshots.
 */
final class SnapshotTable {
  private static final String S = Migrations.SCHEMA + ".";

  private SnapshotTable() {}

  /** The recorded snapshots among {@code ids}, with their metadata. */
  static Map<SnapshotId, Snapshot> read(Connection c, Collection<SnapshotId> ids) throws SQLException {
    Set<SnapshotId> wanted = new HashSet<>(ids);
    Map<SnapshotId, Snapshot> result = new HashMap<>();
    // By fingerprint, then by model in Java: portable SQL, and a fingerprint rarely has two models.
    for (List<String> chunk : InList.chunks(wanted.stream().map(SnapshotId::fingerprint).distinct().toList())) {
      List<Snapshot> rows = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT model, fingerprint, data_fingerprint,"
          + " metadata_fingerprint, definition_fingerprint, version, kind, physical_schema, physical_table,"
          + " query_text, parents, model_path, created_at FROM " + S + "snapshots WHERE fingerprint IN ("
          + InList.placeholders(chunk.size()) + ")")) {
        InList.bind(ps, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            if (!wanted.contains(new SnapshotId(rs.getString(1), rs.getString(2)))) {
              continue;
            }
            String parents = rs.getString(11);
            rows.add(new Snapshot(
                rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), new PhysicalName(rs.getString(8), rs.getString(9)),
                rs.getString(10), parents.isEmpty() ? List.of() : Arrays.asList(parents.split(",")),
                rs.getString(12), Map.of(), Timestamps.read(rs, 13)));
          }
        }
      }
      // Metadata after the snapshot rows: a snapshot's metadata commits with it, so every
      // snapshot read above has all of its metadata visible now.
      Map<SnapshotId, Map<String, String>> metadata = readMetadata(c, chunk);
      for (Snapshot s : rows) {
        result.put(s.id(), withMetadata(s, metadata.getOrDefault(s.id(), Map.of())));
      }
    }
    return result;
  }

  /** Records the snapshots not recorded yet; a recorded one is left as it is (snapshots are immutable). */
  static void save(Connection c, Collection<Snapshot> snapshots) throws SQLException {
    if (snapshots.isEmpty()) {
      return;
    }
    Set<SnapshotId> known = new HashSet<>(read(c, snapshots.stream().map(Snapshot::id).toList()).keySet());
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + S + "snapshots (model, fingerprint,"
            + " data_fingerprint, metadata_fingerprint, definition_fingerprint, version, kind, physical_schema,"
            + " physical_table, query_text, parents, model_path, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement meta = c.prepareStatement(
            "INSERT INTO " + S + "snapshot_metadata (model, fingerprint, property, value_text) VALUES (?, ?, ?, ?)")) {
      int rows = 0;
      int metaRows = 0;
      for (Snapshot s : snapshots) {
        if (!known.add(s.id())) {
          continue;
        }
        insert.setString(1, s.model());
        insert.setString(2, s.fingerprint());
        insert.setString(3, s.dataFingerprint());
        insert.setString(4, s.metadataFingerprint());
        insert.setString(5, s.definitionFingerprint());
        insert.setString(6, s.version());
        insert.setString(7, s.kind());
        insert.setString(8, s.physical().schema());
        insert.setString(9, s.physical().table());
        insert.setString(10, s.query());
        insert.setString(11, String.join(",", s.parents()));
        insert.setString(12, s.modelPath());
        insert.setObject(13, Timestamps.toDatabase(s.createdAt()));
        insert.addBatch();
        rows++;
        for (Map.Entry<String, String> e : s.metadata().entrySet()) {
          meta.setString(1, s.model());
          meta.setString(2, s.fingerprint());
          meta.setString(3, e.getKey());
          meta.setString(4, e.getValue());
          meta.addBatch();
          metaRows++;
        }
      }
      if (rows > 0) {
        insert.executeBatch();
      }
      if (metaRows > 0) {
        meta.executeBatch();
      }
    }
  }

  private static Map<SnapshotId, Map<String, String>> readMetadata(Connection c, List<String> fingerprints)
      throws SQLException {
    Map<SnapshotId, Map<String, String>> result = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT model, fingerprint, property, value_text FROM " + S
        + "snapshot_metadata WHERE fingerprint IN (" + InList.placeholders(fingerprints.size()) + ")")) {
      InList.bind(ps, fingerprints);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.computeIfAbsent(new SnapshotId(rs.getString(1), rs.getString(2)), k -> new LinkedHashMap<>())
              .put(rs.getString(3), rs.getString(4));
        }
      }
    }
    return result;
  }

  private static Snapshot withMetadata(Snapshot s, Map<String, String> metadata) {
    return new Snapshot(s.model(), s.fingerprint(), s.dataFingerprint(), s.metadataFingerprint(),
        s.definitionFingerprint(), s.version(), s.kind(), s.physical(), s.query(), s.parents(), s.modelPath(),
        metadata, s.createdAt());
  }
}
