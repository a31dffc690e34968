package dev.venv.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.venv.sql.Classification;
import dev.venv.sql.ModelReferenceRewriter;
import dev.venv.sql.SqlDialect;
import dev.venv.sql.StatementClassifier;
import dev.venv.state.Environment;
import dev.venv.state.PhysicalName;
import dev.venv.state.RoutingState;
import dev.venv.state.Snapshot;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How SQL reaches one environment at one state version: model references become physical names,
 * writes to models are refused, session schemas map to the environment's view schemas.
 *
 * <p>Immutable and shared by every connection to the environment. Routed texts are cached by
 * (route, session schema, text), so a repeated statement costs a cache lookup; a new state
 * version is a new route, so nothing stale is ever served.
 */
final class EnvironmentRoute {
  /** A model as clients see it. */
  record LogicalTable(String schema, String table, String type) {}

  private record Key(EnvironmentRoute route, String schema, String sql) {}

  /** A routed text, or the refusal of it: refusals are cached too, they recur. */
  private record Outcome(Routed routed, String sqlState, String message) {}

  // Upkeep on the calling thread: handing it to the common pool cost more than the upkeep itself
  // (about 10 µs a miss on two cores, measured in RoutingBenchmark).
  private static final Cache<Key, Outcome> ROUTED = Caffeine.newBuilder().maximumSize(20_000)
      .executor(Runnable::run).build();

  private final Environment record;
  private final String environment;
  private final long stateVersion;
  private final SqlDialect dialect;
  private final Map<String, Snapshot> models;
  private final Set<String> modelSchemas;
  private final Set<String> modelTables;
  private final ModelReferenceRewriter toPhysical;
  private final Map<String, LogicalTable> byPhysical;

  EnvironmentRoute(RoutingState state, SqlDialect dialect) {
    this(state.environment(), state.snapshots(), state.stateVersion(), dialect);
  }

  EnvironmentRoute(Environment environment, Map<String, Snapshot> snapshots, long stateVersion, SqlDialect dialect) {
    this.record = environment;
    this.environment = environment.name();
    this.stateVersion = stateVersion;
    this.dialect = dialect;
    this.models = Collections.unmodifiableMap(new HashMap<>(snapshots));
    Set<String> schemas = new TreeSet<>();
    Set<String> tables = new TreeSet<>();
    Map<String, String> replacements = new HashMap<>();
    Map<String, LogicalTable> physical = new HashMap<>();
    for (Snapshot s : snapshots.values()) {
      int dot = s.model().indexOf('.');
      String schema = s.model().substring(0, dot);
      String table = s.model().substring(dot + 1);
      schemas.add(schema);
      tables.add(table);
      replacements.put(s.model(), s.physical().quoted());
      LogicalTable logical = new LogicalTable(schema, table, "VIEW".equals(s.kind()) ? "VIEW" : "TABLE");
      physical.put(s.physical().toString(), logical);
      physical.put(viewSchema(schema) + "." + table, logical);
    }
    this.modelSchemas = Collections.unmodifiableSet(schemas);
    this.modelTables = Collections.unmodifiableSet(tables);
    this.toPhysical = ModelReferenceRewriter.of(replacements, dialect);
    this.byPhysical = Collections.unmodifiableMap(physical);
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

  Set<String> modelSchemas() {
    return modelSchemas;
  }

  /** The physical object of a model, or {@code null}. */
  PhysicalName physical(String model) {
    Snapshot s = models.get(model.toLowerCase(Locale.ROOT));
    return s == null ? null : s.physical();
  }

  /**
   * The text to send for {@code sql}, with {@code schema} the connection's logical schema.
   *
   * @throws SQLException {@code 42501} for a write to a model, its views or physical objects;
   *                      {@code 42000} for SQL inside strings that names a model
   */
  Routed route(String sql, String schema) throws SQLException {
    Key key = new Key(this, schema, sql);
    Outcome outcome = ROUTED.getIfPresent(key);
    if (outcome == null) {
      outcome = decide(sql, schema);
      ROUTED.put(key, outcome);
    }
    if (outcome.routed() == null) {
      throw "42501".equals(outcome.sqlState())
          ? new java.sql.SQLNonTransientException(outcome.message(), outcome.sqlState())
          : new SQLSyntaxErrorException(outcome.message(), outcome.sqlState());
    }
    return outcome.routed();
  }

  private Outcome decide(String sql, String schema) {
    Classification c = StatementClassifier.classify(sql, dialect);
    List<Classification.SchemaReference> refs = c.sessionSchema();
    String path = schema;
    int applied = 0;
    for (Classification.WriteTarget write : c.writes()) {
      // a USE / SET search_path earlier in the same text holds for the statements after it
      while (applied < refs.size() && refs.get(applied).start() < write.start()) {
        int group = applied;
        StringBuilder next = new StringBuilder(refs.get(applied).schema());
        while (++applied < refs.size() && refs.get(applied).start() < write.start()
            && sql.lastIndexOf(';', refs.get(applied).start()) < refs.get(group).start()) {
          next.append(',').append(refs.get(applied).schema());
        }
        path = next.toString();
      }
      String refusal = null;
      if (write.schema() != null) {
        refusal = protectedObject(write.schema(), write.table());
      } else if (path != null) {
        // an unqualified name resolves through every schema of the search path
        for (String part : path.split(",")) {
          refusal = refusal != null ? refusal : protectedObject(part.strip().toLowerCase(Locale.ROOT), write.table());
        }
      }
      if (refusal != null) {
        return new Outcome(null, "42501", "venv: " + write.verb() + " on " + refusal + " refused in environment "
            + environment + ": models change only through the model repository (plan and create an environment)");
      }
    }
    if (!c.opaque().isEmpty()) {
      return new Outcome(null, "42000", "venv: cannot tell what " + c.opaque().get(0) + " reads or writes in"
          + " environment " + environment + ", so it is refused rather than run unrouted; write the SQL out");
    }
    for (String dynamic : c.dynamicSql()) {
      if (mentionsModel(dynamic)) {
        return new Outcome(null, "42000", "venv: cannot route SQL inside a string (" + abbreviate(dynamic)
            + ") in environment " + environment + ": it names a model; write the query as plain SQL");
      }
    }
    if (!refs.isEmpty()) {
      // the session ends on the schemas of the last session-schema statement
      int last = refs.size() - 1;
      while (last > 0 && sql.lastIndexOf(';', refs.get(last).start()) < refs.get(last - 1).start()) {
        last--;
      }
      StringBuilder newPath = new StringBuilder();
      for (int k = last; k < refs.size(); k++) {
        newPath.append(k == last ? "" : ",").append(refs.get(k).schema());
      }
      return new Outcome(new Routed(toPhysical.rewrite(spliceSchemas(sql, refs)), newPath.toString()), null, null);
    }
    return new Outcome(new Routed(toPhysical.rewrite(sql), null), null, null);
  }

  /** A description of what {@code schema.table} is to venv, when it is venv's, else {@code null}. */
  private String protectedObject(String schema, String table) {
    if (schema == null) {
      return null;
    }
    if (schema.equals("venv_state") || schema.startsWith(PhysicalName.SCHEMA_PREFIX)) {
      String model = table == null ? null : modelOfPhysical(schema, table);
      return table == null ? "venv's schema " + schema
          : model != null ? "model " + model + " (physical " + schema + "." + table + ")"
          : "venv's object " + schema + "." + table;
    }
    String modelSchema = modelSchemaOf(schema);
    if (modelSchema == null) {
      return null;
    }
    if (table == null) {
      return "schema " + schema + ", which holds models";
    }
    if (models.containsKey(modelSchema + "." + table)) {
      return "model " + modelSchema + "." + table + (schema.equals(modelSchema) ? "" : " (view " + schema + "." + table + ")");
    }
    return null;
  }

  /**
   * The model a physical name belongs to, in any environment: {@code venv__s.s__t__<version>} is
   * model {@code s.t}; {@code null} for other names.
   */
  private static String modelOfPhysical(String schema, String table) {
    String modelSchema = schema.substring(PhysicalName.SCHEMA_PREFIX.length());
    int version = table.lastIndexOf("__");
    if (modelSchema.isEmpty() || !table.startsWith(modelSchema + "__") || version <= modelSchema.length() + 2) {
      return null;
    }
    return modelSchema + "." + table.substring(modelSchema.length() + 2, version);
  }

  /** The model schema behind a schema or an environment's view schema ({@code s__env}), or {@code null}. */
  private String modelSchemaOf(String schema) {
    if (modelSchemas.contains(schema)) {
      return schema;
    }
    int sep = schema.lastIndexOf("__");
    if (sep > 0 && modelSchemas.contains(schema.substring(0, sep))) {
      return schema.substring(0, sep);
    }
    return null;
  }

  private boolean mentionsModel(String text) {
    if (!toPhysical.find(text).isEmpty()) {
      return true;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    for (String table : modelTables) {
      int at = lower.indexOf(table);
      while (at >= 0) {
        boolean startOk = at == 0 || !Character.isLetterOrDigit(lower.charAt(at - 1)) && lower.charAt(at - 1) != '_';
        int end = at + table.length();
        boolean endOk = end == lower.length() || !Character.isLetterOrDigit(lower.charAt(end)) && lower.charAt(end) != '_';
        if (startOk && endOk) {
          return true;
        }
        at = lower.indexOf(table, at + 1);
      }
    }
    return false;
  }

  private String spliceSchemas(String sql, List<Classification.SchemaReference> refs) {
    StringBuilder out = new StringBuilder(sql.length() + 16 * refs.size());
    int at = 0;
    for (Classification.SchemaReference ref : refs) {
      String backend = backendSchema(ref.schema());
      if (backend.equals(ref.schema())) {
        continue;
      }
      // keep the reference's own quoting: a string stays a string, an identifier an identifier
      char first = sql.charAt(ref.start());
      String quote = first == '\'' || first == '"' ? String.valueOf(first) : "";
      out.append(sql, at, ref.start()).append(quote).append(backend).append(quote);
      at = ref.end();
    }
    return at == 0 ? sql : out.append(sql, at, sql.length()).toString();
  }

  /** The backend schema for a logical one: a model schema maps to the environment's view schema. */
  String backendSchema(String logical) {
    if (logical == null) {
      return null;
    }
    String lower = logical.toLowerCase(Locale.ROOT);
    return modelSchemas.contains(lower) ? viewSchema(lower) : logical;
  }

  /** The logical schema for a backend one: the environment's view schema maps back to the model schema. */
  String logicalSchema(String backend) {
    if (backend == null || Environment.PROD.equals(environment)) {
      return backend;
    }
    String suffix = "__" + environment;
    if (backend.endsWith(suffix)) {
      String model = backend.substring(0, backend.length() - suffix.length());
      if (modelSchemas.contains(model)) {
        return model;
      }
    }
    return backend;
  }

  /** The schema holding this environment's view of a model schema. */
  String viewSchema(String modelSchema) {
    return Environment.viewSchema(modelSchema, environment);
  }

  /**
   * The model a backend object stands for in this environment — its physical object or its view —
   * or {@code null}.
   */
  LogicalTable logicalTable(String schema, String table) {
    return schema == null || table == null ? null : byPhysical.get(schema + "." + table);
  }

  /**
   * {@code true} for schemas a client of this environment should not see: venv's physical and
   * state schemas, and other environments' view schemas.
   */
  boolean isHiddenSchema(String schema) {
    if (schema == null) {
      return false;
    }
    String lower = schema.toLowerCase(Locale.ROOT);
    if (lower.equals("venv_state") || lower.startsWith(PhysicalName.SCHEMA_PREFIX)) {
      return true;
    }
    String model = modelSchemaOf(lower);
    return model != null && !lower.equals(model) && !lower.equals(viewSchema(model));
  }

  /** Every model as clients see it, sorted by schema and name. */
  List<LogicalTable> logicalTables() {
    List<LogicalTable> tables = new ArrayList<>();
    new TreeSet<>(models.keySet()).forEach(m -> {
      Snapshot s = models.get(m);
      tables.add(byPhysical.get(s.physical().toString()));
    });
    return tables;
  }

  private static String abbreviate(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= 60 ? flat : flat.substring(0, 57) + "...";
  }
}
