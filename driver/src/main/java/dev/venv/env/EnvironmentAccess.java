package dev.venv.env;

import dev.venv.engine.Engine;
import dev.venv.model.ModelFileCache;
import dev.venv.model.ModelRepository;
import dev.venv.state.Environment;
import dev.venv.state.StateStore;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * What connecting to an environment does to the state, whoever connects (the driver today): the
 * state schema brought up to date once per database, or found current by a read-only connection; a
 * missing environment created lazily; one that differs from its repository moved on
 * ({@code refresh=auto}); its use recorded, so that it does not expire while in use. One per
 * runtime: it remembers what it has done.
 */
public final class EnvironmentAccess {
  private static final long TOUCH_INTERVAL_MILLIS = 60_000;

  /**
   * A connect's wishes.
   *
   * @param environment  the environment's name, validated
   * @param models       the model repository, or {@code null}
   * @param from         the source of a new environment
   * @param createLazily {@code false} for {@code create=never}
   * @param ttl          a new environment's ttl
   * @param refresh      {@code refresh=auto}: move an existing environment to the repository's models
   * @param progressOnStderr {@code progress=stderr}: a creation's build progress printed on
   *                     standard error, not logged
   */
  public record Request(String environment, Path models, String from, boolean createLazily, Ttl ttl,
      boolean refresh, boolean progressOnStderr) {}

  /**
   * Where a creation on connect reports its builds unless asked for stderr: under the driver's
   * logger ({@code dev.venv}, its {@code getParentLogger}), so a host application's logging
   * decides whether anyone sees it.
   */
  private static final Logger BUILDS = Logger.getLogger("dev.venv.env");

  private final Clock clock;
  /** This runtime's last recorded use, per (database, environment). */
  private final Map<String, Use> lastUse = bounded();
  /** Databases ({@link Engine#database()}) whose state schema this runtime has brought up to date. */
  private final Set<String> migrated = java.util.Collections.newSetFromMap(bounded());
  private final ModelFileCache modelFiles = new ModelFileCache();

  /**
   * A map that forgets its oldest entries past 10,000: a DuckDB file opened anew is a database
   * anew ({@link Engine#database()}), so a long-lived runtime meets ever more of them.
   */
  private static <V> Map<String, V> bounded() {
    return com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run)
        .<String, V>build().asMap();
  }

  public EnvironmentAccess(Clock clock) {
    this.clock = clock;
  }

  /**
   * The state of {@code engine}'s backend, ready to read: migrated once per database, or, for a
   * read-only connection, checked to be there and current.
   *
   * @throws SQLException {@code 25006} when a read-only connection finds no state or an old one
   */
  public StateStore state(Engine engine, Request request) throws SQLException {
    StateStore store = engine.stateStore();
    // a state kept apart is checked to be this backend's, once per (backend, state database)
    String key = engine.stateInBackend() ? engine.database() : engine.database() + '\u0000' + engine.stateDatabase();
    if (engine.readOnly()) {
      requireCurrentState(store, request);
      engine.claimState(store);
    } else if (!migrated.contains(key)) {
      store.migrate(); // concurrent first connects may both get here: migrating is done under the state lock
      engine.claimState(store);
      migrated.add(key);
    }
    return store;
  }

  /**
   * Whether the environment must be created or updated before it is routed: it is missing
   * ({@code recorded} null), or {@code refresh=auto} and the repository's models differ from it.
   *
   * @throws SQLException {@code 25006} when so and the connection is read-only; {@code 08001} for
   *                      {@code refresh=auto} without a repository
   */
  public boolean mustChange(Engine engine, Request request, Environment recorded) throws SQLException {
    boolean change = recorded == null || request.refresh() && differs(recorded, request, engine);
    if (change && engine.readOnly()) {
      throw new SQLException("Environment '" + request.environment() + "' " + (recorded == null ? "does not exist"
          : "differs from the model repository (refresh=auto)") + ", and this connection is read-only, so it"
          + " cannot be " + (recorded == null ? "created" : "updated") + " on connect; create it with a read-write"
          + " connection or the venv CLI first", "25006");
    }
    return change;
  }

  /**
   * Creates the environment, or updates it to the repository's models. Build progress is logged
   * ({@link #BUILDS}), or printed on standard error for {@code progress=stderr}: a lazy create can
   * take a while, and whoever runs the client should be able to see why, but a host application's
   * stderr is not the driver's to write unasked.
   *
   * @throws SQLException {@code 08001} for {@code create=never} or a missing repository
   */
  public void createOrUpdate(Engine engine, Request request, boolean exists) throws SQLException {
    if (!exists && !request.createLazily()) {
      throw new SQLException("Environment '" + request.environment() + "' does not exist, and create=never forbids"
          + " creating it on connect; create it with the venv CLI or connect with create=lazy", "08001");
    }
    if (request.models() == null) {
      throw new SQLException("Environment '" + request.environment() + "' does not exist; to create it on connect,"
          + " give the model repository: option models=/path/to/models (in the URL after '?' or in Properties)",
          "08001");
    }
    // Not closed: closing Environments would close the engine, which the connection owns.
    BuildProgress progress = request.progressOnStderr() ? BuildProgress.printing(System.err)
        : BuildProgress.logging(BUILDS);
    Environments environments = Environments.open(engine, progress,
        Environments.DEFAULT_LOCK_TIMEOUT, clock);
    // The URL's ttl is a new environment's (it defaults to 7d when not given): an update keeps the stored one.
    environments.create(ModelRepository.load(request.models(), engine.dialect(), modelFiles), request.environment(),
        request.from(), exists ? null : request.ttl());
  }

  /**
   * Records the use that keeps a non-prod environment from expiring, at most once a minute (or
   * half its ttl, where that is shorter) per environment and runtime: the expiry is days away, and
   * a write on every connect would not be free. Sooner where the state's record of it says it
   * expires within that interval (invalidated, or its ttl changed): then at once, once per record.
   * Recording a use is not a versioned write, so a route keeps the record it was made with until
   * the state changes otherwise. A read-only connection records nothing.
   *
   * @param recorded the environment as the route in hand recorded it
   * @return {@code false} when the environment is gone from the state (the janitor dropped it
   *         since the route was read), so the connect must look for it again
   */
  public boolean used(StateStore store, Engine engine, Request request, Environment recorded) throws SQLException {
    if (engine.readOnly()) {
      return true;
    }
    String key = engine.database() + '\u0000' + engine.stateDatabase() + '\u0000' + request.environment();
    long now = clock.millis();
    long interval = touchInterval(recorded);
    Use last = lastUse.get(key);
    // the record by identity: a route holds one, kept until the state's version moves
    if (last != null && now - last.at() < interval
        && (last.under() == recorded || !expiresBefore(recorded, now + interval))) {
      return true;
    }
    if (!store.touch(request.environment(), Instant.ofEpochMilli(now))) {
      lastUse.remove(key);
      return false;
    }
    lastUse.put(key, new Use(now, recorded)); // not before: a failed touch recorded nothing
    return true;
  }

  /** A use recorded at {@code at}, when the state's record of the environment was {@code under}. */
  private record Use(long at, Environment under) {}

  private static long touchInterval(Environment environment) {
    return environment.ttl() == null ? TOUCH_INTERVAL_MILLIS
        : Math.min(TOUCH_INTERVAL_MILLIS, environment.ttl().toMillis() / 2);
  }

  private static boolean expiresBefore(Environment environment, long millis) {
    return environment.expiresAt() != null && environment.expiresAt().toEpochMilli() < millis;
  }

  /** A read-only connection writes nothing: the state must be there, and as new as this code. */
  private static void requireCurrentState(StateStore store, Request request) throws SQLException {
    int version = store.schemaVersion();
    if (version == 0) {
      throw new SQLException("No venv state in this database, and the connection is read-only: environment '"
          + request.environment() + "' cannot exist here yet; create it with a read-write connection or the venv"
          + " CLI", "25006");
    }
    if (version != StateStore.latestSchemaVersion()) {
      throw new SQLException("The venv state schema is at version " + version + " and this venv-jdbc needs "
          + StateStore.latestSchemaVersion() + "; a read-only connection cannot upgrade it: connect read-write once"
          + " (or run any venv CLI command)", "25006");
    }
  }

  /**
   * {@code refresh=auto}: whether the repository's models differ from the environment's. Cheap
   * when nothing changed: the repository's files are parsed only when their mtime or size moved.
   */
  private boolean differs(Environment environment, Request request, Engine engine) throws SQLException {
    if (request.models() == null) {
      throw new SQLException("Option refresh=auto needs the model repository: option models=/path/to/models", "08001");
    }
    return !Environments.holdsExactly(environment,
        ModelRepository.load(request.models(), engine.dialect(), modelFiles), StateStore.jdbc(engine, engine.lock()));
  }
}
