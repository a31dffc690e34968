package dev.venv.jdbc;

import dev.venv.engine.BackendErrors;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.venv.sql.BackendCatalog;
import dev.venv.sql.RoutingNames;
import dev.venv.sql.RoutingNames.SchemaKind;
import dev.venv.sql.SessionPath;
import dev.venv.sql.SqlDialect;
import dev.venv.sql.SqlRouter;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How SQL reaches one environment at one state version: the environment's {@link SqlRouter}
 * behind a cache, and how its names look in metadata.
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
  private final long stateVersion;
  private final SqlDialect dialect;
  private final Map<String, Snapshot> models;
  private final Set<String> modelSchemas;
  private final RoutingNames names;
  private final SqlRouter router;
  private final Map<String, LogicalTable> byBackendName;
  private final ModelSchemaWatch watch;
  private final RoutedSqlCache routedSql;

  EnvironmentRoute(RoutingState state, SqlDialect dialect, BackendCatalog catalog, ModelSchemaWatch watch,
      RoutedSqlCache routedSql) {
    this(state.environment(), state.snapshots(), state.modelNames(), state.environmentNames(), state.stateVersion(),
        dialect, catalog, watch, routedSql);
  }

  EnvironmentRoute(Environment environment, Map<String, Snapshot> snapshots, Collection<String> allModels,
      Collection<String> environments, long stateVersion, SqlDialect dialect) {
    this(environment, snapshots, allModels, environments, stateVersion, dialect, BackendCatalog.NONE,
        new ModelSchemaWatch(), new RoutedSqlCache(RoutedSqlCache.DEFAULT_CHARACTERS));
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
      Collection<String> environments, long stateVersion, SqlDialect dialect, BackendCatalog catalog,
      ModelSchemaWatch watch, RoutedSqlCache routedSql) {
    this.watch = watch;
    this.routedSql = routedSql;
    this.record = environment;
    this.environment = environment.name();
    this.stateVersion = stateVersion;
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
    this.byBackendName = Collections.unmodifiableMap(backendNames);
  }

  String environment() {
    return environment;
  }

  /** The environment as the state recorded it when this route was made. */
  Environment environmentRecord() {
    return record;
  }

  long stateVersion() {
    return stateVersion;
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
    RoutedSqlCache.Key key = new RoutedSqlCache.Key(this, watch.generation(), path, sql);
    SqlRouter.Result result = routedSql.get(key);
    if (result == null) {
      result = router.route(sql, path);
      routedSql.put(key, result);
    }
    return refuseOrReturn(result);
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

  /** The backend schema for a logical one: a model schema maps to the environment's view schema. */
  String backendSchema(String logical) {
    return router.backendSchema(logical);
  }

  /** The logical schema for a backend one: the environment's view schema maps back to the model schema. */
  String logicalSchema(String backend) {
    if (backend == null) {
      return null;
    }
    return names.kind(backend) == SchemaKind.OWN_VIEW ? names.modelSchemaOf(backend) : backend;
  }

  /** The schema holding this environment's view of a model schema. */
  String viewSchema(String modelSchema) {
    return names.viewSchema(modelSchema);
  }

  /**
   * The model a backend object stands for in this environment — its physical object or its view —
   * or {@code null}.
   */
  LogicalTable logicalTable(String schema, String table) {
    return schema == null || table == null ? null : byBackendName.get(schema + "." + table);
  }

  /**
   * {@code true} for backend objects (or, with {@code table} null, schemas) a client of this
   * environment must not see: venv's schemas, other environments' view schemas, model schemas
   * whose objects are another environment's (prod's views, seen from another environment), and
   * anything in a model or view schema that is not one of this environment's models.
   */
  boolean isHidden(String schema, String table) {
    if (schema == null) {
      return false;
    }
    String lower = schema.toLowerCase(Locale.ROOT);
    return switch (names.kind(lower)) {
      case USER -> false;
      case VENV, OTHER_VIEW -> true;
      case MODEL -> !Environment.PROD.equals(environment)
          || (table == null ? !names.holdsSchema(lower) : !models.containsKey(lower + "." + table.toLowerCase(Locale.ROOT)));
      case OWN_VIEW -> table != null
          && !models.containsKey(names.modelSchemaOf(lower) + "." + table.toLowerCase(Locale.ROOT));
    };
  }

  private static final java.util.regex.Pattern PHYSICAL_TABLE =
      java.util.regex.Pattern.compile("([a-z0-9_]+?)__([a-z0-9_]+)__([0-9a-f]{16})\\b");

  /**
   * The backend's error as a client of this environment should read it: a physical object named
   * with its model ({@code marts.orders}, not {@code venv__marts.marts__orders__1a2b…}), a gone
   * one with the reason (the janitor dropped an old snapshot: reconnect), and no suggestion of
   * names that are venv's or another environment's ({@link BackendErrors#withoutSuggestions}).
   */
  SQLException explain(SQLException e) {
    String message = e.getMessage();
    if (message == null || message.indexOf("__") < 0 && !BackendErrors.suggestsNames(message)) {
      return e;
    }
    String explained = BackendErrors.withoutSuggestions(message, name -> {
      int dot = name.indexOf('.');
      return dot > 0 && names.kind(name.substring(0, dot).strip()) != SchemaKind.USER;
    });
    java.util.regex.Matcher m = PHYSICAL_TABLE.matcher(explained);
    StringBuilder models = new StringBuilder();
    Set<String> seen = new TreeSet<>();
    boolean ownGone = false;
    while (m.find()) {
      String table = m.group();
      LogicalTable logical = logicalTable(PhysicalName.SCHEMA_PREFIX + m.group(1), table);
      String model = logical != null ? logical.schema() + "." + logical.table()
          : RoutingNames.modelOfPhysical(PhysicalName.SCHEMA_PREFIX + m.group(1), table);
      if (model != null && seen.add(table)) {
        models.append(models.length() == 0 ? "" : "; ").append(table).append(" is model ").append(model)
            .append(logical != null ? " of environment " + environment : "");
        ownGone |= logical != null;
      }
    }
    if (ownGone && explained.toLowerCase(Locale.ROOT).contains("does not exist")) {
      models.append(": this connection's snapshot of it is gone (the janitor drops an old snapshot after a"
          + " promotion or update); reconnect to read the environment as it is now");
    }
    if (models.length() > 0) {
      explained = explained + " (venv: " + models + ")";
    }
    return explained.equals(message) ? e : SqlStates.withMessage(e, explained);
  }

  /** Every model as clients see it, sorted by schema and name. */
  List<LogicalTable> logicalTables() {
    List<LogicalTable> tables = new ArrayList<>();
    new TreeSet<>(models.keySet()).forEach(m -> tables.add(byBackendName.get(models.get(m).physical().toString())));
    return tables;
  }
}
