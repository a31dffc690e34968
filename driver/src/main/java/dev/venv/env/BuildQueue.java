package dev.venv.env;

import dev.venv.state.Snapshot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The objects of one build and which of them may start: an object is ready when every parent it
 * has among them is built. Objects outside the build (shared, already built) are no one's wait.
 * Used by one thread, the one that hands batches to the workers.
 *
 * <p>A batch may also <em>chain</em>: take an object whose unbuilt parents are all earlier in the
 * same batch. That is sound only where a batch is one transaction (an object created in it is
 * visible to the statements after it), and it is what keeps a deep graph of views from costing a
 * commit per layer.
 */
final class BuildQueue {
  private final Map<String, Integer> waitingFor = new HashMap<>();
  private final Map<String, List<Snapshot>> children = new HashMap<>();
  private final Deque<Snapshot> ready = new ArrayDeque<>();
  /** Objects taken by chaining, before their parents were built: no parent's build readies them again. */
  private final Set<String> chained = new HashSet<>();

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
    return take(n, n, s -> false);
  }

  /**
   * Up to {@code n} ready objects, then, up to {@code max} in all, objects that {@code mayChain}
   * accepts whose unbuilt parents are all in the batch; in dependency order, parents first.
   */
  List<Snapshot> take(int n, int max, Predicate<Snapshot> mayChain) {
    List<Snapshot> batch = new ArrayList<>(Math.min(n, ready.size()));
    while (batch.size() < n && !ready.isEmpty()) {
      batch.add(ready.poll());
    }
    if (max <= batch.size()) {
      return batch;
    }
    // Parents in this batch per waiting child; a child whose count reaches its wait may follow.
    Map<String, Integer> parentsInBatch = new HashMap<>();
    for (int i = 0; i < batch.size() && batch.size() < max; i++) {
      for (Snapshot child : children.getOrDefault(batch.get(i).model(), List.of())) {
        Integer waiting = waitingFor.get(child.model());
        int inBatch = parentsInBatch.merge(child.model(), 1, Integer::sum);
        if (waiting != null && inBatch == waiting && mayChain.test(child) && batch.size() < max) {
          waitingFor.remove(child.model());
          chained.add(child.model());
          batch.add(child);
        }
      }
    }
    return batch;
  }

  /** These are built: their children whose parents are now all built become ready. */
  void built(List<Snapshot> batch) {
    for (Snapshot s : batch) {
      for (Snapshot child : children.getOrDefault(s.model(), List.of())) {
        if (chained.contains(child.model())) {
          continue;
        }
        if (waitingFor.merge(child.model(), -1, Integer::sum) == 0) {
          waitingFor.remove(child.model());
          ready.add(child);
        }
      }
    }
  }
}
