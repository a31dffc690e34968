package dev.venv.cli;

import dev.venv.state.Environment;
import dev.venv.state.Snapshot;
import dev.venv.state.SnapshotId;
import dev.venv.state.StateStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every environment with its snapshots and the physical objects it owns: those no other
 * environment holds, which go when it goes.
 */
final class Inventory {
  private final List<Environment> environments;
  private final Map<SnapshotId, Snapshot> snapshots;
  private final Map<String, Integer> holders = new HashMap<>();

  private Inventory(List<Environment> environments, Map<SnapshotId, Snapshot> snapshots) {
    this.environments = environments;
    this.snapshots = snapshots;
    for (Environment e : environments) {
      Set<String> objects = new HashSet<>();
      e.snapshotIds().forEach(id -> objects.add(snapshots.get(id).physical().toString()));
      objects.forEach(o -> holders.merge(o, 1, Integer::sum));
    }
  }

  static Inventory read(StateStore store) throws SQLException {
    List<Environment> environments = store.environments();
    Set<SnapshotId> ids = new HashSet<>();
    environments.forEach(e -> ids.addAll(e.snapshotIds()));
    return new Inventory(environments, store.snapshots(ids));
  }

  List<Environment> environments() {
    return environments;
  }

  /** The physical objects only {@code env} holds, sorted. */
  List<String> ownedObjects(Environment env) {
    TreeSet<String> owned = new TreeSet<>();
    env.snapshotIds().forEach(id -> {
      String object = snapshots.get(id).physical().toString();
      if (holders.get(object) == 1) {
        owned.add(object);
      }
    });
    return List.copyOf(owned);
  }

  /** One environment as a JSON-ready map; with {@code detail}, every snapshot too. */
  Map<String, Object> describe(Environment e, boolean detail) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("name", e.name());
    row.put("models", e.snapshots().size());
    List<String> owned = ownedObjects(e);
    row.put("owned_objects", detail ? owned : owned.size());
    row.put("plan_id", e.planId());
    row.put("previous_plan_id", e.previousPlanId());
    row.put("source", e.sourceEnvironment());
    row.put("created_at", text(e.createdAt()));
    row.put("finalized_at", text(e.finalizedAt()));
    row.put("last_used_at", text(e.lastUsedAt()));
    row.put("expires_at", e.expiresAt() == null ? null : text(e.expiresAt()));
    if (detail) {
      List<Map<String, Object>> list = new ArrayList<>();
      new TreeSet<>(e.snapshots().keySet()).forEach(model -> {
        Snapshot s = snapshots.get(new SnapshotId(model, e.snapshots().get(model)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("kind", s.kind());
        m.put("fingerprint", s.fingerprint());
        m.put("version", s.version());
        m.put("physical", s.physical().toString());
        m.put("owned", holders.get(s.physical().toString()) == 1);
        list.add(m);
      });
      row.put("snapshots", list);
    }
    return row;
  }

  static String text(Instant instant) {
    return instant == null ? null : instant.toString().replaceFirst("\\.\\d+Z$", "Z");
  }
}
