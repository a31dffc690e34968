package dev.venv.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Which models read which: parents, children, a dependency order, cycles. */
public final class ModelGraph {
  private final Map<String, List<String>> parents;
  private final Map<String, List<String>> children;

  /** @param parents model name → the models its query reads (every name must be a key) */
  public ModelGraph(Map<String, ? extends Iterable<String>> parents) {
    Map<String, List<String>> p = new TreeMap<>();
    Map<String, List<String>> c = new TreeMap<>();
    for (String model : parents.keySet()) {
      c.put(model, new ArrayList<>());
    }
    parents.forEach((model, ps) -> {
      TreeSet<String> sorted = new TreeSet<>();
      ps.forEach(sorted::add);
      p.put(model, List.copyOf(sorted));
      for (String parent : sorted) {
        c.get(parent).add(model);
      }
    });
    c.replaceAll((k, v) -> List.copyOf(v));
    this.parents = Collections.unmodifiableMap(p);
    this.children = Collections.unmodifiableMap(c);
  }

  public Set<String> models() {
    return parents.keySet();
  }

  /** The models {@code model} reads, sorted. */
  public List<String> parents(String model) {
    return parents.getOrDefault(model, List.of());
  }

  /** The models that read {@code model}, sorted. */
  public List<String> children(String model) {
    return children.getOrDefault(model, List.of());
  }

  /** Every model downstream of {@code model}, not including it. */
  public Set<String> descendants(String model) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(children(model));
    while (!todo.isEmpty()) {
      String next = todo.pop();
      if (seen.add(next)) {
        todo.addAll(children(next));
      }
    }
    return seen;
  }

  /** Parents before children; ties by name, so the order is the same on every run. */
  public List<String> dependencyOrder() {
    Map<String, Integer> waiting = new HashMap<>();
    TreeSet<String> ready = new TreeSet<>();
    parents.forEach((model, ps) -> {
      waiting.put(model, ps.size());
      if (ps.isEmpty()) {
        ready.add(model);
      }
    });
    List<String> order = new ArrayList<>(parents.size());
    while (!ready.isEmpty()) {
      String next = ready.pollFirst();
      order.add(next);
      for (String child : children(next)) {
        if (waiting.merge(child, -1, Integer::sum) == 0) {
          ready.add(child);
        }
      }
    }
    if (order.size() != parents.size()) {
      throw new IllegalStateException("dependency cycle: " + findCycle().orElseThrow());
    }
    return order;
  }

  /** A cycle as a path that starts and ends at one model ({@code a → b → a}), if there is one. */
  public Optional<List<String>> findCycle() {
    Map<String, Integer> state = new HashMap<>(); // 1 = on the path, 2 = done
    for (String start : parents.keySet()) {
      List<String> path = new ArrayList<>();
      Optional<List<String>> cycle = visit(start, state, path);
      if (cycle.isPresent()) {
        return cycle;
      }
    }
    return Optional.empty();
  }

  private Optional<List<String>> visit(String model, Map<String, Integer> state, List<String> path) {
    Integer s = state.get(model);
    if (s != null && s == 2) {
      return Optional.empty();
    }
    if (s != null && s == 1) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(model), path.size()));
      cycle.add(model);
      return Optional.of(cycle);
    }
    state.put(model, 1);
    path.add(model);
    for (String parent : parents(model)) {
      Optional<List<String>> cycle = visit(parent, state, path);
      if (cycle.isPresent()) {
        return cycle;
      }
    }
    path.remove(path.size() - 1);
    state.put(model, 2);
    return Optional.empty();
  }
}
