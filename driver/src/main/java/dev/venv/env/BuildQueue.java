package dev.venv.env;

import dev.venv.state.Snapshot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects of one build and which of them may start: an object is ready when every parent it
 * has among them is built. Objects outside the build (shared, already built) are no one's wait.
 * Used by one thread, the one that hands batches to the workers.
 */
final class BuildQueue {
  private final Map<String, Integer> waitingFor = new HashMap<>();
  private final Map<String, List<Snapshot>> children = new HashMap<>();
  private final Deque<Snapshot> ready = new ArrayDeque<>();

  /** @param builds in dependency order, parents first */
  BuildQueue(List<Snapshot> builds) {
    Map<String, Snapshot> byModel = new HashMap<>();
    builds.forEach(s -> byModel.put(s.model(), s));
    for (Snapshot s : builds) {
      int parents = 0;
      for (String parent : s.parents()) {
        if (byModel.containsKey(parent)) {
          children.computeIfAbsent(parent, p -> new ArrayList<>()).add(s);
          parents++;
        }
      }
      if (parents == 0) {
        ready.add(s);
      } else {
        waitingFor.put(s.model(), parents);
      }
    }
  }

  boolean hasReady() {
    return !ready.isEmpty();
  }

  int readyCount() {
    return ready.size();
  }

  /** Up to {@code n} ready objects, none of which reads another. */
  List<Snapshot> take(int n) {
    List<Snapshot> batch = new ArrayList<>(Math.min(n, ready.size()));
    while (batch.size() < n && !ready.isEmpty()) {
      batch.add(ready.poll());
    }
    return batch;
  }

  /** These are built: their children whose parents are now all built become ready. */
  void built(List<Snapshot> batch) {
    for (Snapshot s : batch) {
      for (Snapshot child : children.getOrDefault(s.model(), List.of())) {
        if (waitingFor.merge(child.model(), -1, Integer::sum) == 0) {
          waitingFor.remove(child.model());
          ready.add(child);
        }
      }
    }
  }
}
