package dev.venv.jdbc;

import dev.venv.jdbc.EnvironmentRoute.LogicalTable;
import dev.venv.sql.RoutingNames;
import dev.venv.sql.RoutingNames.SchemaKind;
import dev.venv.sql.SqlRouter;
import dev.venv.state.Environment;
import dev.venv.state.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * One environment's names as its clients see them — {@code marts}, not {@code marts__dev} or
 * {@code venv__marts.marts__orders__…} — and the metadata policy: which backend objects a client
 * of the environment must not see. Part of an {@link EnvironmentRoute}, as immutable.
 */
final class ClientNames {
  private final String environment;
  private final Map<String, Snapshot> models;
  private final RoutingNames names;
  private final SqlRouter router;
  private final Map<String, LogicalTable> byBackendName;

  ClientNames(String environment, Map<String, Snapshot> models, RoutingNames names, SqlRouter router,
      Map<String, LogicalTable> byBackendName) {
    this.environment = environment;
    this.models = models;
    this.names = names;
    this.router = router;
    this.byBackendName = byBackendName;
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

  /** Every model as clients see it, sorted by schema and name. */
  List<LogicalTable> logicalTables() {
    List<LogicalTable> tables = new ArrayList<>();
    new TreeSet<>(models.keySet()).forEach(m -> tables.add(byBackendName.get(models.get(m).physical().toString())));
    return tables;
  }
}
