package dev.venv.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.venv.engine.Engine;
import dev.venv.env.EnvironmentAccess;
import dev.venv.state.ConnectionSource;
import dev.venv.state.RoutingState;
import dev.venv.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the route of the environment a connection asks for; what connecting does to the state
 * (migration, lazy creation, {@code refresh=auto}, recording the use) is {@link EnvironmentAccess}'s.
 *
 * <p>Connecting to an existing environment costs no query where the state's writers all count their
 * writes in this JVM ({@link dev.venv.state.StateLock#writesCommitted()}: an embedded DuckDB
 * file), else one read of the state version on the client's own new session: routes are cached per
 * (database, environment) and reused while that count or version is unchanged, in the runtime's
 * caches. A missing environment is created through {@link dev.venv.env.Environments}, whose lock makes
 * concurrent first connects build once.
 */
final class EnvironmentResolver {
  /**
   * PostgreSQL's own refusal, as PgJDBC words it (not one of venv's messages that quote it): while
   * resolving, only venv's state is read as the client, so any table it names is the state's.
   */
  private static final String PG_REFUSED = "ERROR: permission denied for ";
  /** Upkeep on the calling thread: the common pool's threads would outlive a closed runtime. */
  private final Cache<String, Known> routes = Caffeine.newBuilder().maximumSize(1_000)
      .executor(Runnable::run).build();
  /** The model schemas of each database as its state says now, shared by its routes. */
  private final Map<String, ModelSchemaWatch> watches = Caffeine.newBuilder().maximumSize(1_000)
      .executor(Runnable::run).<String, ModelSchemaWatch>build().asMap();
  private final RoutedSqlCache routedSql = new RoutedSqlCache(RoutedSqlCache.DEFAULT_CHARACTERS);
  private final Clock clock;
  private final EnvironmentAccess access;

  /** A route, and the state's write count or version seen before the state it was made from was read. */
  private record Known(StateMark seen, EnvironmentRoute route) {}

  /**
   * The state's writes as this JVM counts them ({@code writes}), or else its version: a mark of one
   * kind is never equal to one of the other.
   */
  private record StateMark(String writes, long version) {}

  EnvironmentResolver(Clock clock) {
    this.clock = clock;
    this.access = new EnvironmentAccess(clock);
  }

  /**
   * The route of the environment {@code url} asks for, created or updated first if it must be.
   *
   * @param client the client's own new session: the state version is read on it, so that a connect
   *               to an existing environment opens no other connection
   */
  EnvironmentRoute resolve(Engine engine, VenvUrl url, Connection client) throws SQLException {
    try {
      EnvironmentRoute route = routeOrGone(engine, url, client);
      if (route == null) { // dropped by the janitor between reading its route and recording the use: missing now
        route = routeOrGone(engine, url, client);
      }
      if (route == null) {
        throw vanished(url);
      }
      return route;
    } catch (SQLException e) {
      throw stateNotReadable(e, url);
    }
  }

  /**
   * {@code e}, or where it is PostgreSQL's refusal to let this role read venv's state (or make it,
   * in a database where there is none yet), the same refusal saying which environment and the ways
   * to a role that may: PostgreSQL names only the schema, table or database.
   */
  private static SQLException stateNotReadable(SQLException e, VenvUrl url) {
    String message = String.valueOf(e.getMessage());
    if (!"42501".equals(e.getSQLState()) || !message.startsWith(PG_REFUSED)) {
      return e;
    }
    String refusal = message.lines().findFirst().orElse("");
    String owner = "Give venv the credentials of the role that owns its objects (driver options owner_user and"
        + " owner_password)";
    if (message.startsWith(PG_REFUSED + "database")) { // no state yet, and this role may not make its schema
      return new SQLException("Cannot read environment '" + url.environment() + "': the database holds no venv"
          + " state yet, and this role may not make it (" + refusal + "). " + owner, "42501", e);
    }
    if (!message.startsWith(PG_REFUSED + "schema " + Engine.STATE_SCHEMA)
        && !message.startsWith(PG_REFUSED + "table ")) {
      return e;
    }
    return new SQLException("Cannot read environment '" + url.environment() + "': this role may not read venv's state"
        + " (schema " + Engine.STATE_SCHEMA + "; " + refusal + "). " + owner + ", or let this role read the state as the"
        + " README's \"Team setup on PostgreSQL\" does (GRANT USAGE ON SCHEMA " + Engine.STATE_SCHEMA
        + " and SELECT ON ALL TABLES IN SCHEMA " + Engine.STATE_SCHEMA + ")", "42501", e);
  }

  /** The route, or null when the environment went from the state before its use could be recorded. */
  private EnvironmentRoute routeOrGone(Engine engine, VenvUrl url, Connection client) throws SQLException {
    EnvironmentAccess.Request request = url.request();
    StateStore store = access.state(engine, request);
    String database = engine.database();
    String key = database + '\u0000' + engine.stateDatabase() + '\u0000' + url.environment();
    // Before the state is read: a write after this moves it, and the route is made again next time.
    StateMark seen = stateVersion(engine, client, store);
    Known cached = routes.getIfPresent(key);
    EnvironmentRoute route = cached != null && cached.seen().equals(seen) ? cached.route() : null;
    ModelSchemaWatch watch = watches.computeIfAbsent(database, k -> new ModelSchemaWatch(clock));
    if (route == null) {
      Optional<RoutingState> state = store.routingState(url.environment());
      state.ifPresent(s -> watch.observe(s.stateVersion(), s.modelNames()));
      route = state.map(s -> new EnvironmentRoute(s, engine.dialect(), engine.catalog(), watch, routedSql)).orElse(null);
    }
    if (access.mustChange(engine, request, route == null ? null : route.environmentRecord())) {
      access.createOrUpdate(engine, request, route != null);
      seen = stateVersion(engine, client, store); // the creation wrote the state; again before reading it
      RoutingState state = store.routingState(url.environment()).orElseThrow(() -> vanished(url));
      watch.observe(state.stateVersion(), state.modelNames());
      route = new EnvironmentRoute(state, engine.dialect(), engine.catalog(), watch, routedSql);
    }
    if (!access.used(store, engine, request, route.environmentRecord())) {
      routes.invalidate(key);
      return null;
    }
    routes.put(key, new Known(seen, route));
    return route;
  }

  private static SQLException vanished(VenvUrl url) {
    return new SQLException("Environment '" + url.environment() + "' vanished while connecting; connect again", "08001");
  }

  /**
   * The state version, read on the client's session when it is in auto-commit (a read in a
   * transaction of its own would leave the client's first statement a snapshot from connect time);
   * on venv's own connection when not, or when the client's role may not read it.
   */
  private static StateMark stateVersion(Engine engine, Connection client, StateStore store) throws SQLException {
    Optional<String> writes = engine.lock().writesCommitted();
    if (writes.isPresent()) {
      return new StateMark(writes.get(), 0);
    }
    if (engine.stateInBackend() && client.getAutoCommit()) { // else the client's session has no state
      try {
        return new StateMark(null, StateStore.jdbc(ConnectionSource.borrowed(client), engine.lock()).stateVersion());
      } catch (SQLException e) {
        // not readable as the client: venv's own connection reads it
      }
    }
    return new StateMark(null, store.stateVersion());
  }
}
