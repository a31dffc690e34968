package dev.venv.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.venv.engine.Engine;
import dev.venv.env.BuildProgress;
import dev.venv.env.Environments;
import dev.venv.model.ModelFileCache;
import dev.venv.model.ModelRepository;
import dev.venv.state.Environment;
import dev.venv.state.RoutingState;
import dev.venv.state.StateStore;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the route of the environment a connection asks for, creating the environment when it is
 * missing and the URL allows it.
 *
 * <p>Connecting to an existing environment costs one read of the state version: routes are cached
 * per (backend, environment) and reused while the version is unchanged, in the runtime's caches. A missing environment is
 * created through {@link Environments}, whose lock makes concurrent first connects build once.
 */
final class EnvironmentResolver {
  private static final long TOUCH_INTERVAL_MILLIS = 60_000;

  private final Cache<String, EnvironmentRoute> routes = Caffeine.newBuilder().maximumSize(1_000).build();
  /** When this runtime last recorded a use, per (backend, environment). */
  private final Map<String, Long> lastTouch = new ConcurrentHashMap<>();
  /** Backends whose state schema this runtime has brought up to date. */
  private final Set<String> migrated = ConcurrentHashMap.newKeySet();
  /** The model schemas of each backend as the state says now, shared by its routes. */
  private final Map<String, ModelSchemaWatch> watches = new ConcurrentHashMap<>();
  private final RoutedSqlCache routedSql = new RoutedSqlCache(RoutedSqlCache.DEFAULT_CHARACTERS);
  private final ModelFileCache modelFiles = new ModelFileCache();

  EnvironmentRoute resolve(Engine engine, VenvUrl url) throws SQLException {
    StateStore store = StateStore.jdbc(engine, engine.lock());
    if (engine.readOnly()) {
      requireCurrentState(store, url);
    } else if (!migrated.contains(engine.url())) {
      store.migrate();
      migrated.add(engine.url());
    }
    String key = engine.url() + '\u0000' + url.environment();
    long version = store.stateVersion();
    EnvironmentRoute cached = routes.getIfPresent(key);
    EnvironmentRoute route = cached != null && cached.stateVersion() == version ? cached : null;
    ModelSchemaWatch watch = watches.computeIfAbsent(engine.url(), k -> new ModelSchemaWatch());
    if (route == null) {
      Optional<RoutingState> state = store.routingState(url.environment());
      state.ifPresent(s -> watch.observe(s.stateVersion(), s.modelNames()));
      route = state.map(s -> new EnvironmentRoute(s, engine.dialect(), engine.catalog(), watch, routedSql)).orElse(null);
    }
    if (route == null || url.refresh() && changed(route.environmentRecord(), url, engine)) {
      if (engine.readOnly()) {
        throw new SQLException("Environment '" + url.environment() + "' " + (route == null ? "does not exist"
            : "differs from the model repository (refresh=auto)") + ", and this connection is read-only, so it"
            + " cannot be " + (route == null ? "created" : "updated") + " on connect; create it with a read-write"
            + " connection or the venv CLI first", "25006");
      }
      createOrUpdate(engine, url, route != null);
      RoutingState state = store.routingState(url.environment()).orElseThrow(() -> new SQLException(
          "Environment '" + url.environment() + "' vanished while connecting; connect again", "08001"));
      watch.observe(state.stateVersion(), state.modelNames());
      route = new EnvironmentRoute(state, engine.dialect(), engine.catalog(), watch, routedSql);
    }
    routes.put(key, route);
    if (!engine.readOnly()) {
      touch(store, key, url.environment());
    }
    return route;
  }

  /** A read-only connection writes nothing: the state must be there, and as new as this code. */
  private static void requireCurrentState(StateStore store, VenvUrl url) throws SQLException {
    int version = store.schemaVersion();
    if (version == 0) {
      throw new SQLException("No venv state in this database, and the connection is read-only: environment '"
          + url.environment() + "' cannot exist here yet; create it with a read-write connection or the venv CLI",
          "25006");
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
  private boolean changed(Environment environment, VenvUrl url, Engine engine) throws SQLException {
    if (url.models() == null) {
      throw new SQLException("Option refresh=auto needs the model repository: option models=/path/to/models", "08001");
    }
    ModelRepository repository = ModelRepository.load(url.models(), engine.dialect(), modelFiles);
    Map<String, String> current = new HashMap<>();
    repository.fingerprints().forEach((model, fingerprint) -> current.put(model, fingerprint.fingerprint()));
    return !current.equals(environment.snapshots());
  }

  /**
   * Records the use that keeps a non-prod environment from expiring, at most once a minute per
   * environment and JVM: the expiry is days away, and a write on every connect would not be free.
   */
  private void touch(StateStore store, String key, String environment) throws SQLException {
    long now = System.currentTimeMillis();
    Long last = lastTouch.get(key);
    if (last != null && now - last < TOUCH_INTERVAL_MILLIS) {
      return;
    }
    lastTouch.put(key, now);
    store.touch(environment, java.time.Instant.ofEpochMilli(now));
  }

  private void createOrUpdate(Engine engine, VenvUrl url, boolean exists) throws SQLException {
    if (!exists && !url.createLazily()) {
      throw new SQLException("Environment '" + url.environment() + "' does not exist, and create=never forbids"
          + " creating it on connect; create it with the venv CLI or connect with create=lazy", "08001");
    }
    if (url.models() == null) {
      throw new SQLException("Environment '" + url.environment() + "' does not exist; to create it on connect,"
          + " give the model repository: option models=/path/to/models (in the URL after '?' or in Properties)",
          "08001");
    }
    // Not closed: closing Environments would close the engine, which the connection owns.
    Environments environments = Environments.open(engine, BuildProgress.printing(System.err),
        Environments.DEFAULT_LOCK_TIMEOUT);
    // The URL's ttl is a new environment's (it defaults to 7d when not given): an update keeps the stored one.
    environments.create(ModelRepository.load(url.models(), engine.dialect(), modelFiles), url.environment(), url.from(),
        exists ? null : url.ttl());
  }
}
