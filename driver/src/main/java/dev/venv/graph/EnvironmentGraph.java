package dev.venv.graph;

import dev.venv.env.ChangeCategory;
import dev.venv.env.ModelChange;
import dev.venv.env.Plan;
import dev.venv.state.Environment;
import dev.venv.state.PhysicalName;
import dev.venv.state.Snapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The models of an environment and what creating it from its source does to each: what
 * {@code venv graph} draws. Made from a plan (an environment still to create) or a comparison (one
 * that exists), so the categories are always the planner's.
 */
public final class EnvironmentGraph {
  /**
   * One model as the graph shows it.
   *
   * @param toBuild        {@code true} when creating the environment builds its physical object
   *                       (never, for one that exists)
   * @param sourcePhysical the source's physical object of this model, or {@code null}
   */
  record Model(String name, String kind, String version, PhysicalName physical, List<String> parents,
      ModelStatus status, boolean toBuild, PhysicalName sourcePhysical) {}

  private final String environment;
  private final String source;
  private final boolean exists;
  private final List<Model> models;
  private final List<String> removed;
  private final Map<ModelStatus, Integer> counts = new EnumMap<>(ModelStatus.class);

  private EnvironmentGraph(String environment, String source, boolean exists, List<Model> models,
      List<String> removed) {
    this.environment = environment;
    this.source = source;
    this.exists = exists;
    this.models = List.copyOf(models);
    this.removed = List.copyOf(removed);
    for (ModelStatus status : ModelStatus.values()) {
      counts.put(status, 0);
    }
    models.forEach(m -> counts.merge(m.status(), 1, Integer::sum));
  }

  /** The graph of {@code plan}'s environment, each model against the plan's baseline. */
  public static EnvironmentGraph of(Plan plan) {
    List<Model> models = new ArrayList<>();
    for (ModelChange change : plan.changes()) {
      if (change.category() == ChangeCategory.REMOVED) {
        continue;
      }
      Snapshot snapshot = plan.snapshots().get(change.model());
      models.add(new Model(change.model(), snapshot.kind(), snapshot.version(), snapshot.physical(),
          snapshot.parents(), ModelStatus.of(change), change.build(), change.previousPhysical()));
    }
    // plan.changes() is by model name already: the models come out by name
    return new EnvironmentGraph(plan.environment(), plan.baseline().map(Environment::name).orElse(null),
        plan.current().isPresent(), models, plan.models(ChangeCategory.REMOVED));
  }

  String environment() {
    return environment;
  }

  /** The models, by name. */
  List<Model> models() {
    return models;
  }

  /** Models the source holds and the environment does not. */
  List<String> removed() {
    return removed;
  }

  int count(ModelStatus status) {
    return counts.get(status);
  }

  /** Models with a physical object of their own. */
  public int rebuilt() {
    int rebuilt = 0;
    for (ModelStatus status : ModelStatus.values()) {
      rebuilt += status.rebuilt() ? count(status) : 0;
    }
    return rebuilt;
  }

  /** Models reading the source's physical object. */
  public int shared() {
    return models.size() - rebuilt();
  }

  /** What the picture is of, in one line. */
  public String heading() {
    if (exists) {
      return "Environment " + environment + " compared with " + sourceName();
    }
    return "Creating environment " + environment + " from " + sourceName() + " (planned: nothing built yet)";
  }

  /** The counts the legend shows, in one line: {@code 11 models: 3 rebuilt (…), 8 shared with prod (…)}. */
  public String summary() {
    return models.size() + " models: " + rebuilt() + " rebuilt" + breakdown(true) + ", " + shared() + " shared with "
        + sourceName() + breakdown(false) + (removed.isEmpty() ? "" : "; " + removed.size() + " removed");
  }

  private String breakdown(boolean rebuilt) {
    StringJoiner parts = new StringJoiner(", ", " (", ")").setEmptyValue("");
    for (ModelStatus status : ModelStatus.values()) {
      if (status.rebuilt() == rebuilt && count(status) > 0) {
        parts.add(count(status) + " " + status.label);
      }
    }
    return parts.toString();
  }

  /** The source's name as a sentence reads it. */
  String sourceName() {
    return source == null ? "nothing (no environment yet)" : source;
  }

  /** The hover text of a model: status, kind, version, physical object, and the source's. */
  String hover(Model model) {
    StringJoiner lines = new StringJoiner("\n");
    lines.add(model.name() + ": " + model.status().label);
    lines.add("kind " + model.kind() + ", version " + model.version());
    lines.add("physical " + model.physical() + (exists ? "" : model.toBuild() ? " (to build)" : " (already built)"));
    if (model.sourcePhysical() != null && !model.sourcePhysical().equals(model.physical())) {
      lines.add(source + " reads " + model.sourcePhysical());
    } else if (model.sourcePhysical() != null) {
      lines.add("the same physical object as " + source);
    }
    return lines.toString();
  }

  /** The graph as plain maps and lists, for {@code --json}: each model with its status and parents. */
  public Map<String, Object> document() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("environment", environment);
    doc.put("source", source);
    doc.put("exists", exists);
    doc.put("rebuilt", rebuilt());
    doc.put("shared", shared());
    Map<String, Integer> statuses = new LinkedHashMap<>();
    counts.forEach((status, count) -> statuses.put(status.cssClass, count));
    doc.put("statuses", statuses);
    List<Map<String, Object>> nodes = new ArrayList<>();
    for (Model m : models) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("model", m.name());
      node.put("status", m.status().cssClass);
      node.put("kind", m.kind());
      node.put("version", m.version());
      node.put("physical", m.physical().toString());
      node.put("source_physical", m.sourcePhysical() == null ? null : m.sourcePhysical().toString());
      node.put("parents", m.parents());
      nodes.add(node);
    }
    doc.put("models", nodes);
    doc.put("removed", removed);
    return doc;
  }

  /** The statuses the legend lists, in its order. */
  List<ModelStatus> legend() {
    List<ModelStatus> statuses = new ArrayList<>();
    for (ModelStatus status : ModelStatus.values()) {
      if (status.alwaysInLegend() || count(status) > 0) {
        statuses.add(status);
      }
    }
    return Collections.unmodifiableList(statuses);
  }
}
