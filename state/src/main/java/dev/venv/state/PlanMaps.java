package dev.venv.state;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model → fingerprint maps of recently read plans, by plan id. A plan's map never changes (a
 * new plan gets a new id; a deleted environment's plans go with it), so an environment whose row
 * still names a kept plan is read as that one row: no second statement and no transaction to keep
 * them consistent. That is most of a no-op {@code create} of a large environment.
 */
final class PlanMaps {
  /** Large environments' maps are a megabyte each at 10,000 models: a few, not every plan ever read. */
  private static final int KEPT = 16;

  private final Map<String, Map<String, String>> byPlanId = new LinkedHashMap<>(KEPT, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Map<String, String>> eldest) {
      return size() > KEPT;
    }
  };

  synchronized Map<String, String> get(String planId) {
    return byPlanId.get(planId);
  }

  /** Keeps a whole plan's map, read in one snapshot with the row that named it. */
  synchronized void put(String planId, Map<String, String> snapshots) {
    byPlanId.put(planId, snapshots);
  }
}
