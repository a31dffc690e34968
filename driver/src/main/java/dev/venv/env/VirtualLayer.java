package dev.venv.env;

import dev.venv.engine.DdlBatch;
import dev.venv.engine.Engine;
import dev.venv.state.Environment;
import dev.venv.state.PhysicalName;
import dev.venv.state.Snapshot;
import dev.venv.state.StateException;
import dev.venv.state.StateTransaction;
import dev.venv.state.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The views that make an environment visible to tools that bypass the driver: one per model, in
 * {@code <schema>__<env>} ({@code <schema>} for prod), each {@code SELECT * FROM <physical>}.
 *
 * <p>Runs in the caller's transaction, the one that finalizes the environment's state, so views
 * and state change together. Never replaces or drops an object venv did not create: an object is
 * venv's when the environment's current plan holds its model.
 */
final class VirtualLayer {
  private final Engine engine;

  VirtualLayer(Engine engine) {
    this.engine = engine;
  }

  /**
   * Creates the schemas the plan's views go in that do not exist yet, each committed on its own
   * ({@code c} in auto-commit), before the views' transaction. DuckDB (1.4) fails to commit a view
   * made in one transaction with its schema when a schema and a view of those names, read from the
   * file, were dropped since it was opened: an environment the janitor removed, created again by
   * an application that kept the file open. An empty schema is all a failed create leaves. They go
   * in one transaction of their own where the engine's DDL is transactional: one commit, one sync
   * of the log, instead of one per schema.
   *
   * @return the schemas made, empty: {@link #apply} need not look into them
   */
  Set<String> createSchemas(Connection c, Plan plan) throws SQLException {
    Set<String> schemas = viewSchemas(plan);
    Set<String> made = new TreeSet<>(schemas);
    made.removeAll(engine.existingSchemas(c, schemas));
    if (made.isEmpty()) {
      return made;
    }
    if (!engine.transactionalDdl()) {
      for (String schema : made) {
        engine.createSchema(c, schema);
      }
      return made;
    }
    return Transactions.run(c, tx -> {
      for (String schema : made) {
        engine.createSchema(tx, schema);
      }
      return made;
    });
  }

  /**
   * Refuses, before any view changes, a plan whose environment moved since it was read: the state's
   * compare-and-set would refuse it at commit anyway, but where views commit on their own (a state
   * kept apart, Trino) the loser of two promotions would first have replaced the winner's views.
   * Under the state lock, so nothing moves between this and the commit.
   *
   * @throws StateException SQLState {@code 40001}
   */
  static void requireCurrent(StateTransaction tx, Plan plan) throws SQLException {
    String expected = plan.current().map(Environment::planId).orElse(null);
    String now = tx.environment(plan.environment()).map(Environment::planId).orElse(null);
    if (!java.util.Objects.equals(expected, now)) {
      throw new StateException("Environment '" + plan.environment() + "' changed while this plan was made (it is now at"
          + " plan " + now + ", the plan expected " + expected + "); plan again", "40001");
    }
  }

  private static Set<String> viewSchemas(Plan plan) {
    Set<String> schemas = new TreeSet<>();
    plan.changes().forEach(change -> schemas.add(Environment.view(change.model(), plan.environment()).schema()));
    return schemas;
  }

  /**
   * Creates, replaces and drops views so that they match {@code plan}; only changed views are touched.
   * Every refusal comes before the first change. Where views do not commit with the state, the
   * views about to change are recorded first ({@link ViewRepair}); when a change fails, those
   * already changed are put back as the state has them, before the error is thrown.
   *
   * @param madeEmpty schemas {@link #createSchemas} made: nothing to check object by object there
   */
  void apply(Connection c, Plan plan, Set<String> madeEmpty, ViewRepair repair) throws SQLException {
    List<ViewChange> changes = changes(c, plan, madeEmpty);
    List<String> models = changes.stream().map(ViewChange::model).toList();
    repair.recordBefore(plan.environment(), models);
    try {
      run(c, changes);
    } catch (SQLException e) {
      if (repair.needed()) {
        try {
          repair.repair(c, plan.environment(), models, false);
          repair.forget(plan.environment());
        } catch (SQLException | RuntimeException notRepaired) {
          e.addSuppressed(notRepaired); // recorded still: the janitor or the next create repairs them
        }
      }
      throw e;
    }
  }

  /**
   * One view to create ({@code create}), replace, or drop ({@code select} null); {@code newSchema}
   * when its schema is to be made first.
   */
  private record ViewChange(String model, PhysicalName view, String select, boolean create, boolean newSchema) {}

  /** What applying {@code plan} changes, in the plan's order; refuses a view venv did not make. */
  private List<ViewChange> changes(Connection c, Plan plan, Set<String> madeEmpty) throws SQLException {
    String env = plan.environment();
    Map<String, String> owned = plan.current().map(Environment::snapshots).orElse(Map.of());
    Set<String> present = engine.existingSchemas(c, viewSchemas(plan));
    Set<String> toLookInto = new TreeSet<>(present);
    toLookInto.removeAll(madeEmpty);
    // A new environment's view schemas hold nothing yet: no catalog scan (DuckDB scans every schema's).
    Map<PhysicalName, String> existing = toLookInto.isEmpty() ? Map.of() : engine.objects(c, toLookInto);
    Set<String> schemas = new TreeSet<>(present);
    List<ViewChange> changes = new ArrayList<>();
    for (ModelChange change : plan.changes()) {
      PhysicalName view = Environment.view(change.model(), env);
      boolean ours = owned.containsKey(change.model());
      String found = existing.get(view);
      if (change.category() == ChangeCategory.REMOVED) {
        if (ours && "VIEW".equals(found)) {
          changes.add(new ViewChange(change.model(), view, null, false, false));
        }
        continue;
      }
      if (found != null && !ours) {
        throw new SQLException("Cannot create the view " + view + " of model " + change.model() + " in environment "
            + env + ": a " + found.toLowerCase() + " of that name exists that venv did not create; rename or drop it",
            "42P07");
      }
      String select = engine.environmentViewQuery(plan.snapshots().get(change.model()).physical());
      if (found == null) {
        changes.add(new ViewChange(change.model(), view, select, true, schemas.add(view.schema())));
      } else if (movesToNewVersion(change)) {
        changes.add(new ViewChange(change.model(), view, select, false, false));
      }
    }
    return changes;
  }

  /** Runs the changes: new views several per call; what replaces or drops one after them, in order. */
  private void run(Connection c, List<ViewChange> changes) throws SQLException {
    DdlBatch creates = engine.ddlBatch(c);
    for (ViewChange change : changes) {
      if (change.create()) {
        if (change.newSchema()) {
          creates.add(engine.createSchemaStatement(change.view().schema()));
        }
        creates.add(engine.createViewStatement(change.view(), change.select()));
      } else {
        creates.flush();
        if (change.select() == null) {
          engine.dropView(c, change.view());
        } else {
          engine.replaceView(c, change.view(), change.select());
        }
      }
    }
    creates.flush();
  }

  /**
   * The views of {@code plan} that already exist (as far as the plan knows) and that applying it
   * replaces or drops: what objects of users' own may stand in the way of.
   */
  static List<Replacement> replacements(Plan plan) {
    Map<String, String> owned = plan.current().map(Environment::snapshots).orElse(Map.of());
    List<Replacement> result = new ArrayList<>();
    for (ModelChange change : plan.changes()) {
      if (!owned.containsKey(change.model())) {
        continue; // a view venv did not make: apply refuses it, or creates a new one
      }
      PhysicalName view = Environment.view(change.model(), plan.environment());
      if (change.category() == ChangeCategory.REMOVED) {
        result.add(new Replacement(change.model(), view, null));
      } else if (movesToNewVersion(change)) {
        result.add(new Replacement(change.model(), view, plan.snapshots().get(change.model())));
      }
    }
    return result;
  }

  /** One existing view of venv's that a plan changes. */
  record Replacement(String model, PhysicalName view, Snapshot snapshot) {
    /** {@code true} when the model is gone and the view is dropped. */
    boolean dropped() {
      return snapshot == null;
    }

    /** The view's new query, as {@code engine} writes an environment's view. */
    String select(Engine engine) {
      return engine.environmentViewQuery(snapshot.physical());
    }
  }

  /**
   * The view exists and is ours, so the environment exists and is the plan's baseline: only a new
   * version moves the view to another physical object.
   */
  private static boolean movesToNewVersion(ModelChange change) {
    return change.category() != ChangeCategory.UNCHANGED && change.category() != ChangeCategory.METADATA_ONLY;
  }
}
