package dev.venv.env;

import dev.venv.engine.Engine;
import dev.venv.model.ModelRepository;
import dev.venv.state.Environment;
import dev.venv.state.StateStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
    StateStore store = StateStore.jdbc(engine, engine.lock());
    try {
      store.migrate();
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
    return new EnvironmentPlanner(store, clock).plan(repository, EnvironmentName.validate(name),
        EnvironmentName.validate(source));
  }

  /** The result of {@link #create}. */
  public record Created(Environment environment, Plan plan, boolean changed) {}

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
    try {
      return new Creation(engine, progress, lockTimeout, clock)
          .run(repository, EnvironmentName.validate(name), EnvironmentName.validate(source), ttl);
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
