package dev.venv.env;

import dev.venv.engine.Engine;
import dev.venv.model.ModelRepository;
import dev.venv.state.Environment;
import dev.venv.state.PhysicalName;
import dev.venv.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One create (or update) of an environment: plan, build, then views and state in one transaction.
 *
 * <p>It holds the environment's lock, so concurrent creators of one environment build it once. It
 * runs on one connection of the engine's {@linkplain Engine#budget() budget}, which holds that
 * lock and carries its state reads and writes; each build holds one more.
 */
final class Creation {
  /** Plans made per create: the first, and one more after the janitor removed what the first shared. */
  private static final int PLAN_ATTEMPTS = 2;

  private final Engine engine;
  private final KnownSnapshots known;
  private final BuildProgress progress;
  private final Duration lockTimeout;
  private final Clock clock;

  Creation(Engine engine, KnownSnapshots known, BuildProgress progress, Duration lockTimeout, Clock clock) {
    this.engine = engine;
    this.known = known;
    this.progress = progress;
    this.lockTimeout = lockTimeout;
    this.clock = clock;
  }

  Environments.Created run(ModelRepository repository, String env, String from, Ttl ttl, BreakingOverrides overrides)
      throws SQLException {
    return engine.withCreatorConnection(lockTimeout, connection ->
        engine.lock().withLock(connection, "environment:" + env, lockTimeout, c -> {
          StateStore state = engine.stateStore(c);
          Set<PhysicalName> made = new HashSet<>(); // by this create, over its attempts
          for (int attempt = 1; ; attempt++) {
            Plan plan = new EnvironmentPlanner(state, known, clock).plan(repository, env, from, overrides);
            if (plan.isNoOp()) {
              return new Environments.Created(retain(state, plan.current().orElseThrow(), expiry(plan, ttl)), plan,
                  false, Set.of());
            }
            new ViewReplacementCheck(engine).check(c, plan, repository,
                "create or update environment '" + env + "'");
            made.addAll(new EnvironmentBuilder(engine, progress, clock).build(plan, repository, c));
            try {
              return new Environments.Created(finalizeEnvironment(c, state, plan, from, expiry(plan, ttl)), plan,
                  true, made);
            } catch (ObjectsGone gone) {
              known.forgetAll();
              if (attempt == PLAN_ATTEMPTS) {
                throw new SQLException(gone.getMessage() + ", again after planning anew; create it again", "40001",
                    gone);
              }
            }
          }
        }));
  }

  /** The ttl the environment gets: the one given, else the one it has, else the default. */
  private static Duration expiry(Plan plan, Ttl given) {
    // current read under the environment's lock, so no other creator changes it before this one finalizes
    return expiry(plan.environment(), plan.current(), given);
  }

  /** The ttl {@code env} has after a create: the one given, else the one it has, else the default. */
  static Duration expiry(String env, java.util.Optional<Environment> current, Ttl given) {
    if (Environment.PROD.equals(env)) {
      return null;
    }
    if (given != null) {
      return given.duration();
    }
    return current.isPresent() ? current.get().ttl() : Ttl.DEFAULT.duration();
  }

  /** Whether {@code environment} has expired by {@code now} (invalidated, or unused past its ttl). */
  static boolean expired(Environment environment, java.time.Instant now) {
    return environment.expiresAt() != null && !environment.expiresAt().isAfter(now);
  }

  /**
   * An environment whose models are as they should be still takes a ttl given anew, and one that
   * expired (invalidated) lives again: whoever creates it wants it.
   */
  private Environment retain(StateStore state, Environment current, Duration ttl) throws SQLException {
    if (Objects.equals(current.ttl(), ttl) && !expired(current, clock.instant())) {
      return current;
    }
    return state.write(tx -> {
      tx.retain(current.name(), ttl, clock.instant());
      return tx.environment(current.name()).orElseThrow();
    });
  }

  /**
   * Records the plan's snapshots, swaps the views and points the environment at the plan, in one
   * state transaction, if every physical object the plan reads is still built.
   *
   * @throws ObjectsGone (rolled back) when the janitor dropped one since the plan was made
   */
  private Environment finalizeEnvironment(Connection c, StateStore state, Plan plan, String from, Duration expiry)
      throws SQLException {
    VirtualLayer views = new VirtualLayer(engine);
    ViewRepair repair = new ViewRepair(engine);
    Set<String> madeEmpty = views.createSchemas(c, plan);
    Environment finalized = state.write(tx -> {
      // Under the state lock, which the janitor drops under too: built now means built until commit,
      // and from then on this environment holds it.
      Map<PhysicalName, String> reads = new TreeMap<>(Comparator.comparing(PhysicalName::toString));
      plan.snapshots().values().forEach(s -> reads.put(s.physical(), s.model()));
      Set<PhysicalName> built = tx.built(reads.keySet());
      if (!built.containsAll(reads.keySet())) {
        List<String> missing = reads.entrySet().stream().filter(e -> !built.contains(e.getKey()))
            .map(e -> e.getKey() + " (model " + e.getValue() + ")").toList();
        throw new ObjectsGone("Environment '" + plan.environment() + "': physical objects it shares were removed by"
            + " the janitor while it was being built: " + String.join(", ", missing));
      }
      // Every snapshot it will hold, not only the new ones: the janitor forgets snapshots no
      // environment holds (the plan may have taken them from KnownSnapshots, or read them before
      // this lock), and this transaction is the one that makes them held.
      tx.saveSnapshots(plan.snapshots().values());
      VirtualLayer.requireCurrent(tx, plan);
      try (Connection ddl = engine.ddlConnectionFor(tx.connection())) {
        repair.repairRecorded(ddl, plan.environment()); // what a create or promotion that died left
        views.apply(ddl, plan, madeEmpty, repair);
      }
      return tx.finalizeEnvironment(plan.environment(), UUID.randomUUID().toString().replace("-", ""), from,
          plan.fingerprints(), expiry, clock.instant(), plan.current().map(Environment::planId).orElse(null));
    });
    repair.forget(plan.environment());
    return finalized;
  }

  /** The plan's physical objects are not all built any more: plan again. */
  private static final class ObjectsGone extends SQLException {
    private static final long serialVersionUID = 1L;

    ObjectsGone(String message) {
      super(message, "40001");
    }
  }
}
