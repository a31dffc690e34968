package dev.venv.env;

import dev.venv.analysis.ChangeAssessment;
import dev.venv.analysis.Impact;
import dev.venv.analysis.ModelAnalysis;
import dev.venv.analysis.ModelLineage;
import dev.venv.model.ModelDefinition;
import dev.venv.model.ModelFingerprint;
import dev.venv.model.ModelKind;
import dev.venv.model.ModelRepository;
import dev.venv.state.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides each model's version, parents first: a model whose rows cannot differ from the
 * baseline's keeps the baseline's version (its physical object) under its new fingerprint; any
 * other gets its own. A direct change is assessed by the analysis (non-breaking, partial breaking
 * on some columns, breaking); a descendant is affected when it reads what changed upstream
 * (a changed column anywhere, a star over a changed parent, anything of a breaking one).
 *
 * <p>A VIEW's physical view reads its parents' physical objects, so it is rebuilt whenever a
 * parent's version changes, and a VIEW whose parents are not all at their data's own versions gets
 * a version naming theirs: one physical view always reads one set of objects, which every
 * environment holding it also holds, so the janitor never drops what a held view reads.
 */
final class Versioning {
  private final ModelRepository repository;
  private final Map<String, Snapshot> previous;
  private final BreakingOverrides overrides;
  private final Map<String, ModelFingerprint> decided = new HashMap<>();
  private final Map<String, Impact> impacts = new HashMap<>();
  private final Map<String, ChangeReason> reasons = new HashMap<>();

  /** @param previous the baseline's snapshot of each model it holds */
  Versioning(ModelRepository repository, Map<String, Snapshot> previous, BreakingOverrides overrides) {
    this.repository = repository;
    this.previous = previous;
    this.overrides = overrides;
  }

  /** Why each modified model is rebuilt or reused. */
  Map<String, ChangeReason> reasons() {
    return reasons;
  }

  /** {@code name}'s fingerprint and version; its parents must be decided. */
  ModelFingerprint decide(String name) {
    ModelFingerprint fp = repository.fingerprints().get(name);
    ModelDefinition model = repository.model(name);
    List<String> parents = repository.graph().parents(name);
    Snapshot was = previous.get(name);
    ModelFingerprint result;
    if (was == null) {
      impacts.put(name, Impact.ALL);
      result = own(fp, model, parents);
    } else if (was.dataFingerprint().equals(fp.data())) {
      impacts.put(name, Impact.NONE); // its rows and its parents' are as they were: so is its object
      result = fp.withVersion(was.version());
    } else if (!fp.definition().equals(was.definitionFingerprint())) {
      ChangeAssessment own = assess(name, model, was);
      Upstream upstream = upstream(name, model, was, parents);
      impacts.put(name, own.impact().and(upstream.impact));
      reasons.put(name, new ChangeReason(true, own.category(), own.added(), new ArrayList<>(new java.util.TreeSet<>(
          own.changed())), upstream.columns, upstream.reads, own.reason(), own.parser()));
      result = own(fp, model, parents);
    } else {
      Upstream upstream = upstream(name, model, was, parents);
      impacts.put(name, upstream.impact);
      if (!upstream.impact.none()) {
        reasons.put(name, new ChangeReason(false, null, List.of(), List.of(), upstream.columns, upstream.reads,
            upstream.reason, null));
        result = own(fp, model, parents);
      } else if (model.kind() == ModelKind.VIEW && !parentsKeepVersions(parents)) {
        reasons.put(name, new ChangeReason(false, null, List.of(), List.of(), upstream.columns, List.of(),
            "a view reads its parents' new physical objects", null));
        result = own(fp, model, parents);
      } else {
        reasons.put(name, new ChangeReason(false, null, List.of(), List.of(), upstream.columns, List.of(), null,
            null));
        result = fp.withVersion(was.version());
      }
    }
    decided.put(name, result);
    return result;
  }

  private ChangeAssessment assess(String name, ModelDefinition model, Snapshot was) {
    if (overrides.forces(name)) {
      return forced(overrides.all() ? "--breaking-all" : "--breaking " + name);
    }
    if (model.kind() == ModelKind.SEED && was.kind().equals(ModelKind.SEED.name())) {
      var before = dev.venv.analysis.SeedProfile.parse(was.query());
      var after = dev.venv.analysis.SeedProfile.parse(EnvironmentPlanner.recordedQuery(model, repository.dialect()));
      if (before.isPresent() && after.isPresent()) {
        return before.get().compareTo(after.get());
      }
    }
    if (!model.kind().name().equals(was.kind()) || !repository.differsInQueryOnly(name, was.query(),
        was.definitionFingerprint())) {
      return forced(model.kind() == ModelKind.SEED ? "the seed changed"
          : "its kind, kind arguments or declared columns changed");
    }
    return ModelAnalysis.assess(was.query(), model.query());
  }

  private static ChangeAssessment forced(String reason) {
    return new ChangeAssessment(ChangeAssessment.Category.BREAKING, List.of(), Set.of(), reason, ModelAnalysis.NONE);
  }

  /** What the changes upstream of a model mean for its rows. */
  private record Upstream(Impact impact, List<String> columns, List<String> reads, String reason) {}

  private Upstream upstream(String name, ModelDefinition model, Snapshot was, List<String> parents) {
    if (!was.parents().equals(parents)) {
      return new Upstream(Impact.ALL, List.of(), List.of(), "the models it reads changed");
    }
    Impact impact = Impact.NONE;
    Set<String> columns = new LinkedHashSet<>();
    Set<String> reads = new LinkedHashSet<>();
    String reason = null;
    ModelLineage lineage = null;
    for (String parent : parents) {
      Impact change = impacts.getOrDefault(parent, Impact.ALL);
      if (change.none()) {
        if (!keepsVersion(parent)) {
          // a VIEW rebuilt over its parent's new table: the same rows, perhaps in another order
          lineage = lineage != null ? lineage : ModelAnalysis.lineage(model.query(), repository.models().keySet(), parents);
          if (lineage.rowOrder() != null) {
            impact = Impact.ALL;
            reason = reason != null ? reason : "its rows follow the order it reads " + parent + "'s rows in, which "
                + "its rebuild over new objects may change (" + lineage.rowOrder() + ")";
          }
        }
        continue;
      }
      if (change.all()) {
        impact = Impact.ALL;
        ChangeReason why = reasons.get(parent);
        reason = reason != null ? reason : why != null && why.direct() && why.reason() != null
            && why.reason().startsWith("--breaking") ? parent + " is rebuilt in full (" + why.reason() + ")"
            : why != null && !why.direct() ? parent + " is rebuilt and any of its rows may differ"
            : parent + " changed in a breaking way";
        continue;
      }
      if (lineage == null) {
        lineage = ModelAnalysis.lineage(model.query(), repository.models().keySet(), parents);
      }
      Impact through = lineage.impactOf(parent, change);
      impact = impact.and(through);
      for (String c : change.columns()) {
        // a change of positions is no column: name it in words, never by its internal token
        String shown = c.equals(ChangeAssessment.POSITIONS) ? "(its column positions)" : c;
        columns.add(parent + "." + shown);
        if (lineage.reads(parent, c)) {
          reads.add(parent + "." + shown);
        }
      }
      if (!through.none() && lineage.rowOrder() != null && reason == null) {
        reason = "its rows follow the order it reads " + parent + "'s rows in, which a rebuild may change ("
            + lineage.rowOrder() + ")";
      } else if (!through.none() && reads.isEmpty()) {
        reason = lineage.problem() != null ? "its query cannot be analysed" : "it reads " + parent + " through *";
      }
    }
    return new Upstream(impact, new ArrayList<>(columns), new ArrayList<>(reads), reason);
  }

  private boolean parentsKeepVersions(List<String> parents) {
    return parents.stream().allMatch(this::keepsVersion);
  }

  /** Whether {@code model} keeps its baseline's physical object. */
  private boolean keepsVersion(String model) {
    Snapshot was = previous.get(model);
    return was != null && decided.containsKey(model) && was.version().equals(decided.get(model).version());
  }

  /** The model's own version: its data's, or for a VIEW over inherited objects one naming them. */
  private ModelFingerprint own(ModelFingerprint fp, ModelDefinition model, List<String> parents) {
    if (model.kind() != ModelKind.VIEW) {
      return fp;
    }
    List<String> versions = new ArrayList<>();
    boolean inheritedParent = false;
    for (String parent : parents) {
      ModelFingerprint p = decided.get(parent);
      versions.add(p.version());
      inheritedParent |= !p.version().equals(p.data().substring(0, 16));
    }
    return inheritedParent ? fp.withVersion(fp.viewVersion(versions)) : fp;
  }
}
