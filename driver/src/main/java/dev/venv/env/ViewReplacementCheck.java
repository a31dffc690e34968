package dev.venv.env;

import dev.venv.engine.Engine;
import dev.venv.engine.ViewReplacementException;
import dev.venv.model.ModelDefinition;
import dev.venv.model.ModelRepository;
import dev.venv.sql.ModelReferenceRewriter;
import dev.venv.state.PhysicalName;
import dev.venv.state.Snapshot;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Before a plan builds or changes anything: can its views be replaced and dropped, given the
 * objects users made on them? On PostgreSQL a user's view over an environment's view pins that
 * view: it can then only be replaced in place, keeping its columns' names and types in order
 * (new ones appended), and never dropped. venv does not drop what it did not create, so such a
 * plan fails here, naming the objects in the way, rather than after building its tables.
 *
 * <p>The new columns of a model not built yet are learnt by binding it, and its unbuilt
 * parents, as views under their physical names — no data — and then letting the backend itself try
 * {@code CREATE OR REPLACE VIEW}, all in one transaction that is rolled back.
 */
final class ViewReplacementCheck {
  private final Engine engine;

  ViewReplacementCheck(Engine engine) {
    this.engine = engine;
  }

  /**
   * @param repository the plan's models, to bind those not built yet; {@code null} when the plan
   *                   builds nothing (a promotion)
   * @param what       what is refused, for the message: "create or update environment 'dev'"
   * @throws SQLException SQLState {@code 2BP01} naming each blocked view and what depends on it
   */
  void check(Plan plan, ModelRepository repository, String what) throws SQLException {
    if (VirtualLayer.replacements(plan).isEmpty()) {
      return;
    }
    try (Connection c = engine.open()) {
      check(c, plan, repository, what);
    }
  }

  /** {@link #check(Plan, ModelRepository, String)} on a connection the caller holds (a creator's one). */
  void check(Connection c, Plan plan, ModelRepository repository, String what) throws SQLException {
    List<VirtualLayer.Replacement> replacements = VirtualLayer.replacements(plan);
    if (replacements.isEmpty()) {
      return;
    }
    Map<PhysicalName, List<PhysicalName>> dependents =
        engine.viewDependents(c, replacements.stream().map(VirtualLayer.Replacement::view).toList());
    if (dependents.isEmpty()) {
      return; // the common case, and always on a backend whose views bind late
    }
    List<VirtualLayer.Replacement> pinned =
        replacements.stream().filter(r -> dependents.containsKey(r.view())).toList();
    List<ViewReplacementException> problems = tryInRolledBackTransaction(c, plan, repository, pinned, dependents);
    if (!problems.isEmpty()) {
      throw new SQLException("Cannot " + what + "; nothing was built or changed. "
          + problems.stream().map(SQLException::getMessage).collect(Collectors.joining("; "))
          + ". venv never drops what it did not create: drop or change those objects first, or "
          + (problems.stream().allMatch(p -> p.getCause() == null) ? "keep the model in the repository"
              : "keep the model's columns as they are (same names and types, in order; new columns may be appended)"),
          "2BP01", problems.get(0));
    }
  }

  private List<ViewReplacementException> tryInRolledBackTransaction(Connection c, Plan plan,
      ModelRepository repository, List<VirtualLayer.Replacement> pinned,
      Map<PhysicalName, List<PhysicalName>> dependents) throws SQLException {
    List<ViewReplacementException> problems = new ArrayList<>();
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      List<Snapshot> replacing = pinned.stream().filter(r -> !r.dropped()).map(VirtualLayer.Replacement::snapshot).toList();
      bindUnbuilt(c, plan, repository, replacing);
      for (VirtualLayer.Replacement r : pinned) {
        List<PhysicalName> blocking = dependents.get(r.view());
        if (r.dropped()) {
          problems.add(ViewReplacementException.removed(r.view(), blocking));
          continue;
        }
        // This takes the view's exclusive lock until the rollback below: a moment, no data.
        SQLException refused = engine.tryReplaceViewInPlace(c, r.view(), r.select(engine));
        if (refused != null) {
          problems.add(ViewReplacementException.columnsChange(r.view(), refused, blocking));
        }
      }
    } finally {
      c.rollback();
      c.setAutoCommit(autoCommit);
    }
    return problems;
  }

  /**
   * Creates, in the caller's transaction, a view under the physical name of each of
   * {@code snapshots} not built yet, and of their unbuilt ancestors, parents first: what the
   * build would make, without its rows. A seed gets its empty table.
   */
  private void bindUnbuilt(Connection c, Plan plan, ModelRepository repository, List<Snapshot> snapshots)
      throws SQLException {
    Map<String, Snapshot> byModel = plan.snapshots();
    Set<String> needed = new HashSet<>();
    Deque<Snapshot> pending = new ArrayDeque<>(snapshots);
    while (!pending.isEmpty()) {
      Snapshot s = pending.pop();
      if (needed.add(s.model()) && !engine.exists(c, s.physical())) {
        s.parents().stream().map(byModel::get).filter(p -> p != null).forEach(pending::push);
      }
    }
    List<Snapshot> unbuilt = new ArrayList<>();
    for (Snapshot s : plan.builds()) { // dependency order
      if (needed.contains(s.model()) && !engine.exists(c, s.physical())) {
        unbuilt.add(s);
      }
    }
    if (unbuilt.isEmpty()) {
      return;
    }
    if (repository == null) {
      throw new IllegalStateException("A plan without its repository has unbuilt snapshots: " + unbuilt);
    }
    Map<String, String> physicalNames = new HashMap<>();
    byModel.forEach((model, snapshot) -> physicalNames.put(model, snapshot.physical().quoted()));
    ModelReferenceRewriter toPhysical = ModelReferenceRewriter.of(physicalNames, engine.dialect());
    Set<String> schemas = new HashSet<>();
    for (Snapshot s : unbuilt) {
      if (schemas.add(s.physical().schema())) {
        engine.createSchema(c, s.physical().schema());
      }
      ModelDefinition model = repository.model(s.model());
      switch (model.kind()) {
        case SEED -> engine.createEmptySeed(c, s.physical(), model.seed());
        case FULL, VIEW -> engine.createView(c, s.physical(), toPhysical.rewrite(model.query()));
      }
    }
  }
}
