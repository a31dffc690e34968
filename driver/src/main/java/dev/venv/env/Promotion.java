package dev.venv.env;

import dev.venv.engine.Engine;
import dev.venv.state.Environment;
import dev.venv.state.StateStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Making a target environment (prod by default) hold a source environment's snapshots: a pointer
 * swap, nothing built.
 *
 * <p>Two steps, like plan and apply: {@link #prepare} reads both environments and remembers the
 * target's plan id; {@link #commit} swaps the changed views and the state in one transaction,
 * compare-and-set on that plan id, so of two promotions prepared against one target state only the
 * first to commit wins and the other gets SQLState {@code 40001}.
 */
public final class Promotion {
  private final Engine engine;
  private final StateStore store;
  private final Plan plan;
  private final Environment source;
  private final Duration ttl;
  private final Clock clock;

  private Promotion(Engine engine, StateStore store, Plan plan, Environment source, Duration ttl, Clock clock) {
    this.clock = clock;
    this.engine = engine;
    this.store = store;
    this.plan = plan;
    this.source = source;
    this.ttl = ttl;
  }

  static Promotion prepare(Engine engine, StateStore store, String sourceName, String targetName, Clock clock)
      throws SQLException {
    if (sourceName.equals(targetName)) {
      throw new SQLException("Cannot promote environment '" + sourceName + "' onto itself", "42000");
    }
    Environment source = store.environment(sourceName).orElseThrow(() -> new SQLException(
        "Environment '" + sourceName + "' does not exist: nothing to promote", "42704"));
    Optional<Environment> target = store.environment(targetName);
    Plan plan = EnvironmentPlanner.heldAgainst(store, source, target, targetName, sourceName, target);
    Duration ttl = Environment.PROD.equals(targetName) ? null
        : target.map(Environment::ttl).orElse(Ttl.DEFAULT.duration());
    return new Promotion(engine, store, plan, source, ttl, clock);
  }

  /** What the promotion changes in the target, as a plan that builds nothing. */
  public Plan plan() {
    return plan;
  }

  /**
   * Swaps the target's changed views and its state in one transaction.
   *
   * @throws SQLException SQLState {@code 40001} when the target changed since {@link #prepare};
   *                      {@code 2BP01} when objects users made on the target's views keep a view
   *                      from changing (nothing changes then)
   */
  public Environment commit() throws SQLException {
    new ViewReplacementCheck(engine).check(plan, null,
        "promote environment '" + source.name() + "' onto '" + plan.environment() + "'");
    VirtualLayer views = new VirtualLayer(engine);
    ViewRepair repair = new ViewRepair(engine);
    Environment promoted = store.write(tx -> {
      VirtualLayer.requireCurrent(tx, plan);
      try (java.sql.Connection ddl = engine.ddlConnectionFor(tx.connection())) {
        repair.repairRecorded(ddl, plan.environment()); // what a create or promotion that died left
        views.apply(ddl, plan, java.util.Set.of(), repair);
      }
      return tx.finalizeEnvironment(plan.environment(), UUID.randomUUID().toString().replace("-", ""),
          source.name(), source.snapshots(), ttl, clock.instant(), plan.current().map(Environment::planId).orElse(null));
    });
    repair.forget(plan.environment());
    return promoted;
  }
}
