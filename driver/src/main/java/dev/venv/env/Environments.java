package dev.venv.env;

import dev.venv.engine.Engine;
import dev.venv.model.ModelRepository;
import dev.venv.state.Environment;
import dev.venv.state.PhysicalName;
import dev.venv.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Plans, creates and lists the environments of one backend: the entry point the CLI and the
 * driver share.
 *
 * <p>Creating an environment holds a lock named after it, so concurrent creators (threads, or
 * processes on PostgreSQL) build it once: the first builds, the others wait and find it done.
 */
public final class Environments implements AutoCloseable {
  /** How long a creator waits for another creating the same environment, or building the same object. */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMinutes(10);

  private final Engine engine;
  private final StateStore store;
  private final BuildProgress progress;
  private final Duration lockTimeout;

  private Environments(Engine engine, StateStore store, BuildProgress progress, Duration lockTimeout) {
    this.engine = engine;
    this.store = store;
    this.progress = progress;
    this.lockTimeout = lockTimeout;
  }

  /**
   * Opens the environments of {@code engine}'s backend, creating or upgrading its state schema.
   * Closing the result closes the engine.
   */
  public static Environments open(Engine engine, BuildProgress progress, Duration lockTimeout) throws SQLException {
    StateStore store = StateStore.jdbc(engine, engine.lock());
    try {
      store.migrate();
    } catch (SQLException | RuntimeException e) {
      engine.close();
      throw e;
    }
    return new Environments(engine, store, progress, lockTimeout);
  }

  @Override
  public void close() throws SQLException {
    engine.close();
  }

  public StateStore state() {
    return store;
  }

  public Engine engine() {
    return engine;
  }

  /** What creating or updating {@code name} from {@code repository} would do. Changes nothing. */
  public Plan plan(ModelRepository repository, String name, String source) throws SQLException {
    return new EnvironmentPlanner(store).plan(repository, EnvironmentName.validate(name),
        EnvironmentName.validate(source));
  }

  /** The result of {@link #create}. */
  public record Created(Environment environment, Plan plan, boolean changed) {}

  /**
   * Creates {@code name}, or updates it to the repository's models; a no-op when it already holds
   * exactly them.
   *
   * <p>When the janitor drops a physical object the plan shares (one no environment held) while the
   * plan is being built, the environment is planned and built again rather than finalized onto a
   * missing object; if that happens twice, the create fails with SQLState {@code 40001}.
   *
   * @param ttl expiry after last use; {@code null} keeps an existing environment's ttl (a pinned
   *            {@code never} stays pinned) and gives a new one {@link Ttl#DEFAULT}; prod never expires
   */
  public Created create(ModelRepository repository, String name, String source, Ttl ttl) throws SQLException {
    String env = EnvironmentName.validate(name);
    String from = EnvironmentName.validate(source);
    try (Connection lockConnection = engine.open()) {
      return engine.lock().withLock(lockConnection, "environment:" + env, lockTimeout, c -> {
        for (int attempt = 1; ; attempt++) {
          Plan plan = new EnvironmentPlanner(store).plan(repository, env, from);
          if (plan.isNoOp()) {
            return new Created(retain(plan.current().orElseThrow(), expiry(plan, ttl)), plan, false);
          }
          new EnvironmentBuilder(engine, store, progress).build(plan, repository);
          try {
            return new Created(finalizeEnvironment(plan, from, expiry(plan, ttl)), plan, true);
          } catch (ObjectsGone gone) {
            if (attempt == PLAN_ATTEMPTS) {
              throw new SQLException(gone.getMessage() + ", again after planning anew; create it again", "40001",
                  gone);
            }
          }
        }
      });
    }
  }

  /** An environment whose models are as they should be still takes a ttl given anew. */
  private Environment retain(Environment current, Duration ttl) throws SQLException {
    if (Objects.equals(current.ttl(), ttl)) {
      return current;
    }
    return store.write(tx -> {
      tx.retain(current.name(), ttl, Instant.now());
      return tx.environment(current.name()).orElseThrow();
    });
  }

  /** The ttl the environment gets: the one given, else the one it has, else the default. */
  private static Duration expiry(Plan plan, Ttl given) {
    if (Environment.PROD.equals(plan.environment())) {
      return null;
    }
    if (given != null) {
      return given.duration();
    }
    // read under the environment's lock, so no other creator changes it before this one finalizes
    return plan.current().isPresent() ? plan.current().get().ttl() : Ttl.DEFAULT.duration();
  }

  /** Plans made per create: the first, and one more after the janitor removed what the first shared. */
  private static final int PLAN_ATTEMPTS = 2;

  /**
   * Records the plan's snapshots, swaps the views and points the environment at the plan, in one
   * state transaction, if every physical object the plan reads is still built.
   *
   * @throws ObjectsGone (rolled back) when the janitor dropped one since the plan was made
   */
  private Environment finalizeEnvironment(Plan plan, String from, Duration expiry) throws SQLException {
    VirtualLayer views = new VirtualLayer(engine);
    return store.write(tx -> {
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
      // environment holds, and this transaction is the one that makes them held.
      tx.saveSnapshots(plan.snapshots().values());
      views.apply(tx.connection(), plan);
      return tx.finalizeEnvironment(plan.environment(), newPlanId(), from, plan.fingerprints(), expiry, Instant.now(),
          plan.current().map(Environment::planId).orElse(null));
    });
  }

  /** The plan's physical objects are not all built any more: plan again. */
  private static final class ObjectsGone extends SQLException {
    private static final long serialVersionUID = 1L;

    ObjectsGone(String message) {
      super(message, "40001");
    }
  }

  /**
   * Reads both environments for a promotion of {@code source} onto {@code target}; nothing
   * changes until {@link Promotion#commit()}.
   */
  public Promotion preparePromotion(String source, String target) throws SQLException {
    return Promotion.prepare(engine, store, EnvironmentName.validate(source), EnvironmentName.validate(target));
  }

  /** Makes {@code target} hold {@code source}'s snapshots: changed views swapped, nothing built. */
  public Environment promote(String source, String target) throws SQLException {
    return preparePromotion(source, target).commit();
  }

  /**
   * Expires {@code name} now; the janitor removes it on its next run.
   *
   * @throws SQLException SQLState {@code 55000} for prod, which never expires
   */
  public void invalidate(String name) throws SQLException {
    String env = EnvironmentName.validate(name);
    if (Environment.PROD.equals(env)) {
      throw new SQLException("prod never expires: it cannot be invalidated", "55000");
    }
    store.write(tx -> {
      tx.expire(env, Instant.now());
      return null;
    });
  }

  /** How {@code b} differs from {@code a}, model by model. */
  public EnvironmentDiff diff(String a, String b) throws SQLException {
    return EnvironmentDiff.of(store, EnvironmentName.validate(a), EnvironmentName.validate(b));
  }

  /** A row diff of one model between {@code a} and {@code b} on the model's grain. */
  public RowDiff rowDiff(String a, String b, String model, int sample) throws SQLException {
    return RowDiff.of(engine, store, EnvironmentName.validate(a), EnvironmentName.validate(b), model, sample);
  }

  /** The janitor of this backend's environments. */
  public Janitor janitor() {
    return new Janitor(engine, store);
  }

  public Optional<Environment> environment(String name) throws SQLException {
    return store.environment(EnvironmentName.validate(name));
  }

  public List<Environment> list() throws SQLException {
    return store.environments();
  }

  private static String newPlanId() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}
