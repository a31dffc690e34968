package dev.venv.env;

import dev.venv.state.Environment;
import dev.venv.state.Snapshot;
import dev.venv.state.SnapshotId;
import dev.venv.state.StateStore;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How two environments differ model by model: B compared with A.
 *
 * @param a        the environment compared against
 * @param b        the environment compared
 * @param added    models B has and A has not
 * @param removed  models A has and B has not
 * @param modified models both have with different snapshots
 */
public record EnvironmentDiff(String a, String b, List<String> added, List<String> removed,
    List<ModelDifference> modified) {

  /**
   * One model whose snapshots differ.
   *
   * @param dataChanged {@code false} for a metadata-only difference (one physical object)
   */
  public record ModelDifference(String model, boolean dataChanged, String fingerprintA, String fingerprintB,
      String physicalA, String physicalB) {}

  static EnvironmentDiff of(StateStore store, String nameA, String nameB) throws SQLException {
    Environment a = existing(store, nameA);
    Environment b = existing(store, nameB);
    Set<SnapshotId> ids = new HashSet<>(a.snapshotIds());
    ids.addAll(b.snapshotIds());
    Map<SnapshotId, Snapshot> snapshots = store.snapshots(ids);
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<ModelDifference> modified = new ArrayList<>();
    Set<String> models = new TreeSet<>(a.snapshots().keySet());
    models.addAll(b.snapshots().keySet());
    for (String model : models) {
      String fa = a.snapshots().get(model);
      String fb = b.snapshots().get(model);
      if (fa == null) {
        added.add(model);
      } else if (fb == null) {
        removed.add(model);
      } else if (!fa.equals(fb)) {
        Snapshot sa = snapshots.get(new SnapshotId(model, fa));
        Snapshot sb = snapshots.get(new SnapshotId(model, fb));
        modified.add(new ModelDifference(model, !sa.version().equals(sb.version()), fa, fb,
            sa.physical().toString(), sb.physical().toString()));
      }
    }
    return new EnvironmentDiff(a.name(), b.name(), added, removed, modified);
  }

  static Environment existing(StateStore store, String name) throws SQLException {
    return store.environment(name).orElseThrow(() -> new SQLException(
        "Environment '" + name + "' does not exist", "42704"));
  }
}
