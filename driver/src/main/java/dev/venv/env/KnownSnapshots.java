package dev.venv.env;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.venv.state.Snapshot;
import dev.venv.state.SnapshotId;
import dev.venv.state.StateStore;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Snapshots read from the state, kept for the next plan: an application or benchmark that creates
 * environment after environment would otherwise read every model's snapshot again each time (a
 * fifth of a 1,000-model environment's cost beyond its view DDL).
 *
 * <p>Sound because a snapshot is its identity: (model, fingerprint) fixes its query, version and
 * physical name, so a kept one is the row the state holds, or the row a plan of those models would
 * write. That holds for a version kept from a baseline too (a change that cannot affect the rows):
 * such a snapshot's fingerprint covers the version it keeps ({@code ModelFingerprint.withVersion}),
 * so one (model, fingerprint) never names two versions whatever baseline or override planned it. The janitor may forget the row meanwhile; a plan never trusts a kept snapshot's physical
 * object (it asks the state what is built) and finalizing writes every snapshot the environment
 * holds that the state lacks. {@link #forgetAll} after the janitor interfered with a create keeps
 * that create's second plan on what the state says.
 */
final class KnownSnapshots {
  /** About 32 MB of strings: 10,000 models with queries of 1,500 characters. */
  private static final long MAXIMUM_CHARACTERS = 16_000_000;
  /** A snapshot's fixed-size fields (fingerprints, names, timestamps) and the cache's node. */
  private static final int ENTRY_OVERHEAD = 400;

  private final Cache<SnapshotId, Snapshot> cache = Caffeine.newBuilder().maximumWeight(MAXIMUM_CHARACTERS)
      .weigher((SnapshotId id, Snapshot s) -> ENTRY_OVERHEAD + s.query().length() + s.modelPath().length())
      .executor(Runnable::run).build();

  /** The recorded snapshots among {@code ids}: those kept, and the rest read from {@code store}. */
  Map<SnapshotId, Snapshot> snapshots(StateStore store, Collection<SnapshotId> ids) throws SQLException {
    Map<SnapshotId, Snapshot> found = new HashMap<>(cache.getAllPresent(ids));
    if (found.size() < ids.size()) {
      List<SnapshotId> missing = new ArrayList<>();
      for (SnapshotId id : ids) {
        if (!found.containsKey(id)) {
          missing.add(id);
        }
      }
      Map<SnapshotId, Snapshot> read = store.snapshots(missing);
      cache.putAll(read);
      found.putAll(read);
    }
    return found;
  }

  void forgetAll() {
    cache.invalidateAll();
  }
}
