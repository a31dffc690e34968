package dev.venv.env;

import dev.venv.engine.Engine;
import dev.venv.model.ModelFingerprint;
import dev.venv.model.ModelRepository;
import dev.venv.state.Environment;
import dev.venv.state.PhysicalName;
import dev.venv.state.Snapshot;
import dev.venv.state.SnapshotId;
import dev.venv.state.StateStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
  /** What "now" is for expiry, creation and use times: the system's, or a test's. */
  private final Clock clock;
  private final KnownSnapshots known = new KnownSnapshots();

  private Environments(Engine engine, StateStore store, BuildProgress progress, Duration lockTimeout, Clock clock) {
    this.engine = engine;
    this.store = store;
    this.progress = progress;
    this.lockTimeout = lockTimeout;
    this.clock = clock;
  }

  /**
   * Opens the environments of {@code engine}'s backend, creating or upgrading its state schema.
   * Closing the result closes the engine.
   */
  public static Environments open(Engine engine, BuildProgress progress, Duration lockTimeout) throws SQLException {
    return open(engine, progress, lockTimeout, Clock.systemUTC());
  }

  /** {@link #open(Engine, BuildProgress, Duration)} with the time read from {@code clock}. */
  public static Environments open(Engine engine, BuildProgress progress, Duration lockTimeout, Clock clock)
      throws SQLException {
    StateStore store = engine.stateStore();
    try {
      store.migrate();
      engine.claimState(store);
    } catch (SQLException | RuntimeException e) {
      engine.close();
      throw e;
    }
    return new Environments(engine, store, progress, lockTimeout, clock);
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
    return plan(repository, name, source, BreakingOverrides.NONE);
  }

  /** What creating or updating {@code name} would do, with {@code overrides}' changes breaking. */
  public Plan plan(ModelRepository repository, String name, String source, BreakingOverrides overrides)
      throws SQLException {
    return new EnvironmentPlanner(store, known, clock).plan(repository, EnvironmentName.validate(name),
        EnvironmentName.validate(source), overrides);
  }

  /**
   * {@code name} as it exists, compared with {@code source} the way a plan compares: what creating
   * it from the source made of each model. Changes nothing.
   */
  public Plan compare(String name, String source) throws SQLException {
    return new EnvironmentPlanner(store, known, clock).compare(EnvironmentName.validate(name),
        EnvironmentName.validate(source));
  }

  /**
   * The result of {@link #create}: the environment as it now is, whether the create changed it,
   * and the plan it carried out. An environment found unchanged before anything else was read is
   * planned only when {@link #plan()} is asked (a report): then against the state as it is then.
   */
  public static final class Created {
    /** Plans on demand; an {@link SQLException} is the planner's. */
    interface PlanSource {
      Plan plan() throws SQLException;
    }

    private final Environment environment;
    private final boolean changed;
    private final PlanSource source;
    private final Set<PhysicalName> made;
    private Plan plan;

    /** @param made the physical objects this create built (not those another built meanwhile) */
    Created(Environment environment, Plan plan, boolean changed, Set<PhysicalName> made) {
      this.environment = environment;
      this.plan = plan;
      this.changed = changed;
      this.source = null;
      this.made = Set.copyOf(made);
    }

    private Created(Environment environment, PlanSource unchanged) {
      this.environment = environment;
      this.changed = false;
      this.source = unchanged;
      this.made = Set.of();
    }

    public Environment environment() {
      return environment;
    }

    public boolean changed() {
      return changed;
    }

    /**
     * The plan's snapshots whose physical objects this create built; the others it shares, some
     * perhaps built by another create between this one's plan and its build.
     */
    public List<Snapshot> built() throws SQLException {
      return plan().snapshots().values().stream().filter(s -> made.contains(s.physical())).toList();
    }

    /** The plan: the create's own, or for an environment found unchanged, one made now. */
    public synchronized Plan plan() throws SQLException {
      if (plan == null) {
        plan = source.plan();
      }
      return plan;
    }
  }

  /**
   * Creates {@code name}, or updates it to the repository's models; a no-op when it already holds
   * exactly them (but for a ttl given anew).
   *
   * <p>When the janitor drops a physical object the plan shares (one no environment held) while the
   * plan is being built, the environment is planned and built again rather than finalized onto a
   * missing object; if that happens twice, the create fails with SQLState {@code 40001}.
   *
   * @param ttl expiry after last use; {@code null} keeps an existing environment's ttl (a pinned
   *            {@code never} stays pinned) and gives a new one {@link Ttl#DEFAULT}; prod never expires
   */
  public Created create(ModelRepository repository, String name, String source, Ttl ttl) throws SQLException {
    return create(repository, name, source, ttl, BreakingOverrides.NONE);
  }

  /** {@link #create(ModelRepository, String, String, Ttl)}, with {@code overrides}' changes breaking. */
  public Created create(ModelRepository repository, String name, String source, Ttl ttl, BreakingOverrides overrides)
      throws SQLException {
    String env = EnvironmentName.validate(name);
    String from = EnvironmentName.validate(source);
    Optional<Environment> unchanged = unchanged(repository, env, ttl);
    if (unchanged.isPresent()) {
      return new Created(unchanged.get(),
          () -> new EnvironmentPlanner(store, known, clock).plan(repository, env, from, overrides));
    }
    try {
      return new Creation(engine, known, progress, lockTimeout, clock).run(repository, env, from, ttl, overrides);
    } catch (SQLException e) {
      if (!"42501".equals(e.getSQLState())) {
        throw e;
      }
      // Where venv's objects belong to another role, a client's own credentials may read
      // environments but not make them: say whose credentials it takes.
      throw new SQLException("Cannot create or update environment '" + name + "' as this role: " + e.getMessage()
          + ". venv's work (state, builds, views) needs the role that owns venv's objects: give its credentials"
          + " (driver options owner_user and owner_password; the CLI's --user and --password)", "42501", e);
    }
  }

  /**
   * The environment, when it already holds exactly the repository's models, keeps its ttl and has
   * not expired (an invalidated one is made live again, under the lock): a
   * create then has nothing to do, which one read of its model → fingerprint map tells (and of the
   * snapshots it holds at other than the plain fingerprints, if any), before any lock or connection
   * of the creators' budget is taken. (Under the lock the planner would
   * find the same, or what a creator made meanwhile, which a create a moment earlier would not see.)
   */
  private Optional<Environment> unchanged(ModelRepository repository, String env, Ttl ttl) throws SQLException {
    Optional<Environment> current = store.environment(env);
    if (current.isPresent() && !holdsExactly(current.get(), repository, store)) {
      return Optional.empty();
    }
    return current.filter(e -> java.util.Objects.equals(e.ttl(), Creation.expiry(env, current, ttl))
        && !Creation.expired(e, clock.instant()));
  }

  /**
   * Whether {@code environment} holds each of the repository's models, and no other: at its
   * fingerprint, or at a snapshot of the same data and metadata that kept an earlier version (a
   * model downstream of a change it does not read), which a plan against the environment keeps.
   * Reads the state only for models whose fingerprints differ.
   */
  static boolean holdsExactly(Environment environment, ModelRepository repository, StateStore store)
      throws SQLException {
    Map<String, ModelFingerprint> wanted = repository.fingerprints();
    if (wanted.size() != environment.snapshots().size()) {
      return false;
    }
    List<SnapshotId> other = new java.util.ArrayList<>();
    for (Map.Entry<String, ModelFingerprint> model : wanted.entrySet()) {
      String held = environment.snapshots().get(model.getKey());
      if (held == null) {
        return false;
      }
      if (!model.getValue().fingerprint().equals(held)) {
        other.add(new SnapshotId(model.getKey(), held));
      }
    }
    if (other.isEmpty()) {
      return true;
    }
    Map<SnapshotId, Snapshot> snapshots = store.snapshots(other);
    for (SnapshotId id : other) {
      Snapshot s = snapshots.get(id);
      ModelFingerprint fp = wanted.get(id.model());
      if (s == null || !s.dataFingerprint().equals(fp.data()) || !s.metadataFingerprint().equals(fp.metadata())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads both environments for a promotion of {@code source} onto {@code target}; nothing
   * changes until {@link Promotion#commit()}.
   */
  public Promotion preparePromotion(String source, String target) throws SQLException {
    return Promotion.prepare(engine, store, EnvironmentName.validate(source), EnvironmentName.validate(target),
        clock);
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
      tx.expire(env, clock.instant());
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
    return new Janitor(engine, store, clock);
  }

  public Optional<Environment> environment(String name) throws SQLException {
    return store.environment(EnvironmentName.validate(name));
  }

  public List<Environment> list() throws SQLException {
    return store.environments();
  }
}
