package dev.venv.cli;

import dev.venv.env.ChangeCategory;
import dev.venv.env.ChangeReason;
import dev.venv.env.ModelChange;
import dev.venv.env.Plan;
import dev.venv.state.Environment;
import dev.venv.state.Snapshot;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A plan as people read it (like {@code sqlmesh plan}) and as JSON. */
final class PlanReport {
  /** In the order the report prints them. */
  private static final Map<ChangeCategory, String> HEADINGS = headings();

  private static Map<ChangeCategory, String> headings() {
    Map<ChangeCategory, String> headings = new LinkedHashMap<>();
    headings.put(ChangeCategory.ADDED, "Models added");
    headings.put(ChangeCategory.REMOVED, "Models removed");
    headings.put(ChangeCategory.DIRECTLY_MODIFIED, "Directly modified");
    headings.put(ChangeCategory.INDIRECTLY_MODIFIED, "Indirectly modified");
    headings.put(ChangeCategory.METADATA_ONLY, "Metadata-only changes");
    return java.util.Collections.unmodifiableMap(headings);
  }

  private PlanReport() {}

  static void print(Plan plan, PrintStream out) {
    printChanges(plan, out);
    out.printf("%nPhysical objects to build (%d):%n", plan.builds().size());
    for (Snapshot s : plan.builds()) {
      out.printf("  %-40s %-5s %s%n", s.model(), s.kind(), s.physical());
    }
    long reused = plan.snapshots().size() - plan.builds().size();
    out.printf("%nReused: %d of %d models read physical objects that are already built.%n", reused,
        plan.snapshots().size());
  }

  /** The heading and the models of each change category. */
  static void printChanges(Plan plan, PrintStream out) {
    String baseline = plan.baseline().map(Environment::name).orElse("nothing (no environment exists yet)");
    out.printf("Plan for environment '%s'%s, compared with %s%n", plan.environment(),
        plan.current().isPresent() ? " (update)"
            : plan.source().equals(plan.environment()) ? " (new)" : " (new, from '" + plan.source() + "')", baseline);
    boolean any = false;
    for (Map.Entry<ChangeCategory, String> heading : HEADINGS.entrySet()) {
      List<ModelChange> changes = plan.changes().stream().filter(c -> c.category() == heading.getKey()).toList();
      if (!changes.isEmpty()) {
        any = true;
        out.printf("%n%s (%d):%n", heading.getValue(), changes.size());
        changes.forEach(c -> out.println("  " + c.model()
            + (c.reason() == null ? "" : " (" + c.reason().describe(rebuilt(c)) + ")")));
      }
    }
    if (!any) {
      out.printf("%nNo model changes.%n");
    }
  }

  /** Whether the change gives the model a physical object of its own, not the baseline's. */
  private static boolean rebuilt(ModelChange c) {
    return !java.util.Objects.equals(c.physical(), c.previousPhysical());
  }

  static Map<String, Object> json(Plan plan) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("environment", plan.environment());
    doc.put("source", plan.source());
    doc.put("baseline", plan.baseline().map(Environment::name).orElse(null));
    doc.put("exists", plan.current().isPresent());
    for (ChangeCategory category : ChangeCategory.values()) {
      doc.put(category.name().toLowerCase(Locale.ROOT), plan.models(category));
    }
    List<Map<String, Object>> builds = new ArrayList<>();
    for (Snapshot s : plan.builds()) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("model", s.model());
      b.put("kind", s.kind());
      b.put("version", s.version());
      b.put("physical", s.physical().toString());
      builds.add(b);
    }
    doc.put("builds", builds);
    List<Map<String, Object>> models = new ArrayList<>();
    for (ModelChange c : plan.changes()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("model", c.model());
      m.put("change", c.category().name().toLowerCase(Locale.ROOT));
      m.put("fingerprint", c.fingerprint());
      m.put("previous_fingerprint", c.previousFingerprint());
      m.put("physical", c.physical() == null ? null : c.physical().toString());
      m.put("build", c.build());
      if (c.reason() != null) {
        ChangeReason r = c.reason();
        m.put("reused", !rebuilt(c));
        m.put("description", r.describe(rebuilt(c)));
        if (r.direct()) {
          m.put("category", r.categoryName());
          m.put("added_columns", r.added());
          m.put("changed_columns", r.changed());
          m.put("parser", r.parser());
        }
        m.put("upstream_columns", r.upstream());
        m.put("reads", r.reads());
        m.put("reason", r.reason());
      }
      models.add(m);
    }
    doc.put("models", models);
    return doc;
  }
}
