package dev.venv.jdbc;

import dev.venv.sql.BackendCatalog;
import dev.venv.sql.RoutedTemplate;
import dev.venv.sql.RoutingNames;
import dev.venv.sql.SessionPath;
import dev.venv.sql.SqlDialect;
import dev.venv.sql.SqlLexer;
import dev.venv.sql.SqlRouter;
import dev.venv.sql.SqlTokens;
import dev.venv.sql.TextShape;
import dev.venv.state.Environment;
import dev.venv.state.Identifiers;
import dev.venv.state.PhysicalName;
import dev.venv.state.RoutingState;
import dev.venv.state.Snapshot;
import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How SQL reaches one environment at one state version: the environment's {@link SqlRouter}
 * behind the runtime's cache of routed texts; its names as its clients see them
 * ({@link ClientNames}) and its errors as they should read them ({@link ErrorExplanations}).
 *
 * <p>Immutable and shared by every connection to the environment. Routed texts are cached by
 * (route, session search path, text), so a repeated statement costs a cache lookup; a new state
 * version is a new route, so nothing stale is ever served. Refusals are cached too: they recur.
 */
final class EnvironmentRoute {
  /** A model as clients see it. */
  record LogicalTable(String schema, String table, String type) {}

  private final Environment record;
  private final String environment;
  private final SqlDialect dialect;
  private final Map<String, Snapshot> models;
  private final Set<String> modelSchemas;
  private final RoutingNames names;
  private final SqlRouter router;
  private final ModelSchemaWatch watch;
  private final RoutedSqlCache routedSql;
  private final ClientNames clientNames;
  private final ErrorExplanations errors;

  EnvironmentRoute(RoutingState state, SqlDialect dialect, BackendCatalog catalog, ModelSchemaWatch watch,
      RoutedSqlCache routedSql) {
    this(state.environment(), state.snapshots(), state.modelNames(), state.environmentNames(), dialect,
        catalog, watch, routedSql);
  }

  EnvironmentRoute(Environment environment, Map<String, Snapshot> snapshots, Collection<String> allModels,
      Collection<String> environments, SqlDialect dialect) {
    this(environment, snapshots, allModels, environments, dialect, BackendCatalog.NONE,
        new ModelSchemaWatch(java.time.Clock.systemUTC()), new RoutedSqlCache(RoutedSqlCache.DEFAULT_CHARACTERS));
  }

  /**
   * @param allModels    every model name of any environment: names in their schemas that this
   *                     environment does not hold are refused, not passed through
   * @param environments every environment's name
   * @param catalog      the database's catalog, which physical names carry where a session could
   *                     switch to another ({@code USE other_db}): they must still name venv's objects
   * @param watch        the backend's model schemas as they are now, newer than {@code allModels}
   *                     for a connection that outlives its state version
   * @param routedSql    the runtime's cache of routed texts
   */
  EnvironmentRoute(Environment environment, Map<String, Snapshot> snapshots, Collection<String> allModels,
      Collection<String> environments, SqlDialect dialect, BackendCatalog catalog,
      ModelSchemaWatch watch, RoutedSqlCache routedSql) {
    this.watch = watch;
    this.routedSql = routedSql;
    this.record = environment;
    this.environment = environment.name();
    this.dialect = dialect;
    this.models = Collections.unmodifiableMap(new HashMap<>(snapshots));
    Set<String> schemas = new TreeSet<>();
    List<RoutingNames.Model> routed = new ArrayList<>();
    Map<String, LogicalTable> backendNames = new HashMap<>();
    for (Snapshot s : snapshots.values()) {
      int dot = s.model().indexOf('.');
      String schema = s.model().substring(0, dot);
      String table = s.model().substring(dot + 1);
      schemas.add(schema);
      PhysicalName view = Environment.view(s.model(), this.environment);
      String physical = catalog.name() == null ? s.physical().quoted()
          : Identifiers.quote(catalog.name()) + "." + s.physical().quoted();
      routed.add(new RoutingNames.Model(s.model(), s.physical().schema(), s.physical().table(), physical,
          view.quoted()));
      LogicalTable logical = new LogicalTable(schema, table, "VIEW".equals(s.kind()) ? "VIEW" : "TABLE");
      backendNames.put(s.physical().toString(), logical);
      backendNames.put(view.toString(), logical);
    }
    this.modelSchemas = Collections.unmodifiableSet(schemas);
    this.names = RoutingNames.of(this.environment, routed, allModels, environments, watch);
    this.router = SqlRouter.of(names, dialect, catalog);
    this.clientNames = new ClientNames(this.environment, models, names, router,
        Collections.unmodifiableMap(backendNames));
    this.errors = new ErrorExplanations(this.environment, names, clientNames);
  }

  String environment() {
    return environment;
  }

  /** The environment as the state recorded it when this route was made. */
  Environment environmentRecord() {
    return record;
  }

  SqlDialect dialect() {
    return dialect;
  }

  /** The environment's models by name. */
  Map<String, Snapshot> models() {
    return models;
  }

  /** The schemas this environment holds models in. */
  Set<String> modelSchemas() {
    return modelSchemas;
  }

  RoutingNames names() {
    return names;
  }

  /** The backend's model schemas as they are now; {@link VenvConnection} keeps it fresh. */
  ModelSchemaWatch watch() {
    return watch;
  }

  SqlRouter router() {
    return router;
  }

  /**
   * The text to send for {@code sql} in a session on search path {@code path}.
   *
   * @throws SQLException {@code 42501} for a write to venv's objects; {@code 42P01} for a name
   *                      this environment does not hold; {@code 42000} for what cannot be analysed
   */
  SqlRouter.Result route(String sql, SessionPath path) throws SQLException {
    int schemas = watch.generation();
    RoutedSqlCache.Key key = new RoutedSqlCache.Key(this, schemas, path, sql);
    SqlRouter.Result result = routedSql.get(key);
    if (result == null) {
      result = routeMiss(key);
    }
    return refuseOrReturn(result);
  }

  /**
   * A text not routed before: by its shape's template when there is one (and then not kept: its
   * shape answers it again), else routed and kept, with its shape's template when it routed.
   */
  private SqlRouter.Result routeMiss(RoutedSqlCache.Key key) {
    SqlTokens tokens = SqlLexer.lex(key.sql(), dialect);
    TextShape shape = TextShape.of(tokens);
    if (shape == null) {
      SqlRouter.Result result = router.route(tokens, key.path());
      routedSql.put(key, result);
      return result;
    }
    RoutedSqlCache.ShapeKey shapeKey = new RoutedSqlCache.ShapeKey(this, key.schemas(), key.path(), shape.key());
    RoutedTemplate template = routedSql.template(shapeKey);
    SqlRouter.Result result = template == null ? null : template.apply(shape, tokens);
    if (result != null) {
      return result;
    }
    SqlRouter.Routed routed = router.route(tokens, shape, key.path());
    routedSql.put(key, routed.result()); // a text repeated as it is stays a hit of the first map
    if (routed.template() != null) {
      routedSql.putTemplate(shapeKey, routed.template());
    }
    return routed.result();
  }

  private static SqlRouter.Result refuseOrReturn(SqlRouter.Result result) throws SQLException {
    if (result.refusal() != null) {
      String state = result.refusal().sqlState();
      throw "42000".equals(state) || "42P01".equals(state)
          ? new SQLSyntaxErrorException(result.refusal().message(), state)
          : new SQLNonTransientException(result.refusal().message(), state);
    }
    return result;
  }

  /**
   * Routes {@code sql} knowing what the backend said of the user's tables; not cached (those
   * tables come and go), refusals thrown as by {@link #route}.
   */
  SqlRouter.Result routeUncached(String sql, SessionPath path, dev.venv.sql.UserTables known) throws SQLException {
    return refuseOrReturn(router.route(sql, path, known));
  }

  /** How this environment's names look to its clients, and what metadata hides from them. */
  ClientNames clientNames() {
    return clientNames;
  }

  /** The backend's errors as this environment's clients should read them. */
  ErrorExplanations errors() {
    return errors;
  }
}
