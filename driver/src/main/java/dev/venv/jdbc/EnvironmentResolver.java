package dev.venv.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.venv.engine.Engine;
import dev.venv.env.BuildProgress;
import dev.venv.env.Environments;
import dev.venv.model.ModelRepository;
import dev.venv.state.Environment;
import dev.venv.state.Snapshot;
import dev.venv.state.StateStore;
import java.sql.SQLException;
import java.time.Duration;
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
 * per (backend, environment) and reused while the version is unchanged. A missing environment is
 * created through {@link Environments}, whose lock makes concurrent first connects build once.
 */
final class EnvironmentResolver {
  private static final Duration CREATE_LOCK_TIMEOUT = Duration.ofMinutes(10);
  private static final Cache<String, EnvironmentRoute> ROUTES = Caffeine.newBuilder().maximumSize(1_000).build();
  /** Backends whose state schema this JVM has brought up to date. */
  private static final Set<String> MIGRATED = ConcurrentHashMap.newKeySet();

  private EnvironmentResolver() {}

  static EnvironmentRoute resolve(Engine engine, VenvUrl url) throws SQLException {
    StateStore store = StateStore.jdbc(engine, engine.lock());
    if (!MIGRATED.contains(engine.url())) {
      store.migrate();
      MIGRATED.add(engine.url());
    }
    String key = engine.url() + '\u0000' + url.environment();
    long version = store.stateVersion();
    EnvironmentRoute cached = ROUTES.getIfPresent(key);
    if (cached != null && cached.stateVersion() == version) {
      return cached;
    }
    Optional<Environment> environment = store.environment(url.environment());
    if (environment.isEmpty()) {
      create(engine, url);
      version = store.stateVersion();
      environment = store.environment(url.environment());
    }
    Environment env = environment.orElseThrow(() -> new SQLException(
        "Environment '" + url.environment() + "' vanished while connecting; connect again", "08001"));
    Map<String, Snapshot> byFingerprint = store.snapshots(env.snapshots().values());
    Map<String, Snapshot> byModel = new HashMap<>();
    env.snapshots().forEach((model, fingerprint) -> byModel.put(model, byFingerprint.get(fingerprint)));
    EnvironmentRoute route = new EnvironmentRoute(env, byModel, version, engine.dialect());
    ROUTES.put(key, route);
    return route;
  }

  private static void create(Engine engine, VenvUrl url) throws SQLException {
    if (!url.createLazily()) {
      throw new SQLException("Environment '" + url.environment() + "' does not exist, and create=never forbids"
          + " creating it on connect; create it with the venv CLI or connect with create=lazy", "08001");
    }
    if (url.models() == null) {
      throw new SQLException("Environment '" + url.environment() + "' does not exist; to create it on connect,"
          + " give the model repository: option models=/path/to/models (in the URL after '?' or in Properties)",
          "08001");
    }
    // Not closed: closing Environments would close the engine, which the connection owns.
    Environments environments = Environments.open(engine, BuildProgress.printing(System.err), CREATE_LOCK_TIMEOUT);
    environments.create(ModelRepository.load(url.models(), engine.dialect()), url.environment(), url.from(), url.ttl());
  }
}
