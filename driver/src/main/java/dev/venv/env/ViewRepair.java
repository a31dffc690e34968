package dev.venv.env;

import dev.venv.engine.Engine;
import dev.venv.state.Environment;
import dev.venv.state.PhysicalName;
import dev.venv.state.Snapshot;
import dev.venv.state.SnapshotId;
import dev.venv.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Environment views that may not match the state, where views do not commit with it (Trino; option
 * {@code state}). A create or promotion records which views it is about to change before it changes
 * the first ({@link #recordBefore}), and forgets them once the state has committed ({@link
 * #forget}). A record left behind means the process died, or failed, in between: those views may
 * read snapshots the state does not hold, or belong to an environment the state does not have.
 * {@link #repair} makes them what the state says: a model's view reads the environment's snapshot
 * of it, and the view of a model the environment does not hold is dropped.
 *
 * <p>Records are written and read through the state on connections of their own, committed at once:
 * a crash must not take them with the transaction it interrupts. Repairs run under the state lock,
 * which a create or promotion holds from its record to its commit, so no repair meets views being
 * changed; a record of views already in line (the forget failed) only costs a repair that changes
 * nothing.
 */
final class ViewRepair {
  private final Engine engine;

  ViewRepair(Engine engine) {
    this.engine = engine;
  }

  /** Whether views can disagree with the state: where they do not commit in its transaction. */
  boolean needed() {
    return !engine.transactionalDdl();
  }

  /** Records that the views of {@code models} in {@code environment} are about to change. */
  void recordBefore(String environment, Collection<String> models) throws SQLException {
    if (needed()) {
      engine.stateStore().recordViewIntent(environment, models);
    }
  }

  /** The environment's views match the state again. */
  void forget(String environment) throws SQLException {
    if (needed()) {
      engine.stateStore().forgetViewIntents(environment);
    }
  }

  /** Every environment with views recorded and not forgotten: environment → models. */
  Map<String, Set<String>> recorded() throws SQLException {
    return needed() ? engine.stateStore().viewIntents() : Map.of();
  }

  /**
   * Under the state lock: repairs the views an earlier create or promotion of {@code environment}
   * recorded and did not forget, and forgets them.
   *
   * @return whether there were any
   */
  boolean repairRecorded(Connection ddl, String environment) throws SQLException {
    Set<String> models = recorded().getOrDefault(environment, Set.of());
    if (models.isEmpty()) {
      return false;
    }
    repair(ddl, environment, models, false);
    forget(environment);
    return true;
  }

  /**
   * Under the state lock: makes the views of {@code models} in {@code environment} what the state
   * holds now.
   *
   * @param dropEmptySchemas also drop those views' schemas that are left empty, when the state has
   *                         no such environment (a create that died before its first commit)
   * @return how many views were made again or dropped
   */
  int repair(Connection ddl, String environment, Collection<String> models, boolean dropEmptySchemas)
      throws SQLException {
    StateStore state = engine.stateStore();
    Optional<Environment> current = state.environment(environment);
    Map<String, String> held = current.map(Environment::snapshots).orElse(Map.of());
    Map<SnapshotId, Snapshot> snapshots = state.snapshots(models.stream().filter(held::containsKey)
        .map(model -> new SnapshotId(model, held.get(model))).toList());
    Set<String> schemas = new TreeSet<>();
    int repaired = 0;
    for (String model : new TreeSet<>(models)) {
      PhysicalName view = Environment.view(model, environment);
      schemas.add(view.schema());
      if (!held.containsKey(model)) {
        engine.dropView(ddl, view);
      } else {
        Snapshot snapshot = snapshots.get(new SnapshotId(model, held.get(model)));
        if (snapshot == null) {
          throw new SQLException("Environment '" + environment + "' holds model " + model + " at fingerprint "
              + held.get(model) + ", which the state does not record; its view " + view + " is left as it is", "XX000");
        }
        engine.createSchema(ddl, view.schema());
        engine.replaceView(ddl, view, engine.environmentViewQuery(snapshot.physical()));
      }
      repaired++;
    }
    if (dropEmptySchemas && current.isEmpty()) {
      Map<PhysicalName, String> left = engine.objects(ddl, schemas);
      for (String schema : schemas) {
        if (left.keySet().stream().noneMatch(n -> n.schema().equals(schema))) {
          engine.dropSchema(ddl, schema);
        }
      }
    }
    return repaired;
  }
}
