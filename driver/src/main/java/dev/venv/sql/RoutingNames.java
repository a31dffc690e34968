package dev.venv.sql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What every name means to one environment's connections, decided from the whole state, not only
 * the environment's own models: that is what makes routing fail closed.
 *
 * <ul>
 *   <li>A model the environment holds — {@code s.t}, its view {@code s__env.t}, its physical
 *       object — is routed to the environment's physical object.
 *   <li>Any other name in a schema that holds models in <em>any</em> environment, in another
 *       environment's view schema ({@code s__other}), in {@code venv_state} or a {@code venv_*}
 *       schema is refused: never passed through to whatever the backend would resolve.
 *   <li>Everything else is the user's and passes untouched.
 * </ul>
 *
 * <p>Immutable and shared by the connections of one environment at one state version.
 */
public final class RoutingNames implements NameResolver {

  /** What a schema is to venv. */
  public enum SchemaKind {
    /** A schema that holds models in some environment: prod's views live here. */
    MODEL,
    /** This environment's view schema of a model schema ({@code s__env}); never for prod. */
    OWN_VIEW,
    /** Another environment's view schema, or a name shaped like one ({@code s__x}). */
    OTHER_VIEW,
    /** {@code venv_state}, the physical schemas {@code venv__*}, anything else {@code venv_*}. */
    VENV,
    /** The user's: venv has nothing there. */
    USER
  }

  /** One of the environment's models: the text that reads it now, and the text a stored query binds to. */
  public record Model(String name, String physicalSchema, String physicalTable, String physical, String view) {
    public Model {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(physical, "physical");
      Objects.requireNonNull(view, "view");
    }
  }

  private static final String PROD = "prod";
  private static final String PHYSICAL_PREFIX = "venv__";
  private static final String RESERVED_PREFIX = "venv_";

  private final String environment;
  private final ModelIndex own;
  /** This environment's view schemas ({@code s__env}) to the model schema they show; empty for prod. */
  private final IdentifierMap<String> ownViewSchemas;
  /** The physical objects the environment reads: physical schema → table → its model's target. */
  private final IdentifierMap<IdentifierMap<ModelIndex.Target>> ownPhysical;
  /** Every schema that holds models in some environment. */
  private final IdentifierMap<String> modelSchemas;
  private final Set<String> modelSchemaNames;
  /** Every model name of any environment, lower case. */
  private final Set<String> allModels;
  /** Every table name of a model of any environment: an unqualified name that may mean a model. */
  private final Set<String> allModelTables;
  private final Set<String> environments;
  private final Map<String, Model> models;
  /**
   * The model schemas as the state says now, which may name schemas made after this route was
   * (a connection lives longer than its state version): one of those is refused too.
   */
  private final java.util.function.Supplier<ModelSchemaSet> current;

  private RoutingNames(String environment, Collection<Model> models, Collection<String> allModelNames,
      Collection<String> environmentNames, java.util.function.Supplier<ModelSchemaSet> current) {
    this.environment = environment;
    this.current = current;
    Map<String, ModelIndex.Target> targets = new HashMap<>();
    Map<String, Model> byName = new HashMap<>();
    Map<String, Map<String, ModelIndex.Target>> physical = new HashMap<>();
    Set<String> schemas = new TreeSet<>();
    Set<String> everyModel = new TreeSet<>();
    for (Model m : models) {
      String name = m.name().toLowerCase(Locale.ROOT);
      ModelIndex.Target target = new ModelIndex.Target(name, m.physical(), m.view());
      targets.put(name, target);
      byName.put(name, m);
      everyModel.add(name);
      if (m.physicalSchema() != null) {
        physical.computeIfAbsent(m.physicalSchema().toLowerCase(Locale.ROOT), s -> new HashMap<>())
            .put(m.physicalTable().toLowerCase(Locale.ROOT), target);
      }
    }
    for (String model : allModelNames) {
      everyModel.add(model.toLowerCase(Locale.ROOT));
    }
    Set<String> tables = new TreeSet<>();
    for (String model : everyModel) {
      int dot = model.indexOf('.');
      schemas.add(model.substring(0, dot));
      tables.add(model.substring(dot + 1));
    }
    this.own = ModelIndex.ofTargets(targets);
    this.models = Collections.unmodifiableMap(byName);
    this.modelSchemaNames = Collections.unmodifiableSet(schemas);
    this.modelSchemas = identityMap(schemas);
    this.allModels = Collections.unmodifiableSet(everyModel);
    this.allModelTables = Collections.unmodifiableSet(tables);
    Set<String> envs = new TreeSet<>(environmentNames);
    envs.add(environment);
    this.environments = Collections.unmodifiableSet(envs);
    Map<String, String> views = new HashMap<>();
    if (!PROD.equals(environment)) {
      for (Model m : models) {
        String schema = schemaOf(m.name().toLowerCase(Locale.ROOT));
        views.put(schema + "__" + environment, schema);
      }
    }
    this.ownViewSchemas = new IdentifierMap<>(views.keySet().toArray(new String[0]), views.values().toArray());
    String[] physicalSchemas = physical.keySet().toArray(new String[0]);
    Object[] physicalTables = new Object[physicalSchemas.length];
    for (int i = 0; i < physicalSchemas.length; i++) {
      Map<String, ModelIndex.Target> t = physical.get(physicalSchemas[i]);
      physicalTables[i] = new IdentifierMap<ModelIndex.Target>(t.keySet().toArray(new String[0]), t.values().toArray());
    }
    this.ownPhysical = new IdentifierMap<>(physicalSchemas, physicalTables);
  }

  /**
   * The names of {@code environment}.
   *
   * @param models           the environment's models
   * @param allModelNames    every model name any environment or recorded snapshot has
   * @param environmentNames every environment's name
   */
  public static RoutingNames of(String environment, Collection<Model> models, Collection<String> allModelNames,
      Collection<String> environmentNames) {
    return new RoutingNames(environment, models, allModelNames, environmentNames, () -> ModelSchemaSet.EMPTY);
  }

  /**
   * The names of {@code environment}, refusing also the model schemas {@code current} supplies:
   * the state's as it is now, which may be newer than {@code allModelNames}.
   */
  public static RoutingNames of(String environment, Collection<Model> models, Collection<String> allModelNames,
      Collection<String> environmentNames, java.util.function.Supplier<ModelSchemaSet> current) {
    return new RoutingNames(environment, models, allModelNames, environmentNames, current);
  }

  public String environment() {
    return environment;
  }

  /** The environment's models by name. */
  public Map<String, Model> models() {
    return models;
  }

  /** Every schema that holds models in some environment. */
  public Set<String> modelSchemas() {
    return modelSchemaNames;
  }

  /** Whether some environment (or recorded snapshot) has a model of this name. */
  public boolean isModelOfAnyEnvironment(String schema, String table) {
    return allModels.contains(schema + "." + table);
  }

  /** Whether some model of some environment has this table name. */
  public boolean isModelTableName(String table) {
    return allModelTables.contains(table.toLowerCase(Locale.ROOT));
  }

  /** What {@code schema} (unquoted; compared in lower case) is to venv. */
  public SchemaKind kind(String schema) {
    String s = schema.toLowerCase(Locale.ROOT);
    if (modelSchemaNames.contains(s) || current.get().contains(s)) {
      return SchemaKind.MODEL;
    }
    if (ownViewSchemas.get(s, 0, s.length()) != null) {
      return SchemaKind.OWN_VIEW;
    }
    if (s.startsWith(RESERVED_PREFIX)) {
      return SchemaKind.VENV;
    }
    // <schema>__<env> is an environment's view schema, of a model schema this route may not know
    // yet (one made after it): every such name is reserved for venv.
    return s.indexOf("__") > 0 ? SchemaKind.OTHER_VIEW : SchemaKind.USER;
  }

  /** The model schema behind a model schema or a view schema, else {@code null}. */
  public String modelSchemaOf(String schema) {
    String s = schema.toLowerCase(Locale.ROOT);
    if (modelSchemaNames.contains(s) || current.get().contains(s)) {
      return s;
    }
    int sep = s.indexOf("__");
    return sep > 0 && modelSchemaNames.contains(s.substring(0, sep)) ? s.substring(0, sep) : null;
  }

  /** The schema where this environment shows the models of {@code modelSchema}. */
  public String viewSchema(String modelSchema) {
    return PROD.equals(environment) ? modelSchema : modelSchema + "__" + environment;
  }

  /**
   * Whether the environment holds models in {@code modelSchema}, so that its view schema exists.
   */
  public boolean holdsSchema(String modelSchema) {
    return own.tables(modelSchema.toLowerCase(Locale.ROOT)) != null;
  }

  @Override
  public Object qualified(SqlTokens tokens, int schema, int table) {
    ModelIndex.Target model = own.lookup(tokens, schema, table);
    if (model != null) {
      return model;
    }
    String viewOf = TokenNames.lookup(ownViewSchemas, tokens, schema);
    if (viewOf != null) {
      IdentifierMap<ModelIndex.Target> tables = own.tables(viewOf);
      model = tables == null ? null : TokenNames.lookup(tables, tokens, table);
      return model != null ? model : notHeld(viewOf, TokenNames.name(tokens, table), TokenNames.name(tokens, schema));
    }
    if (TokenNames.lookup(modelSchemas, tokens, schema) != null || current.get().lookup(tokens, schema) != null) {
      return notHeld(TokenNames.name(tokens, schema), TokenNames.name(tokens, table), null);
    }
    if (!mayBeVenvSchema(tokens, schema)) {
      return null;
    }
    String s = TokenNames.name(tokens, schema);
    String t = TokenNames.name(tokens, table);
    if (s.startsWith(PHYSICAL_PREFIX)) {
      IdentifierMap<ModelIndex.Target> tables = ownPhysical.get(s, 0, s.length());
      model = tables == null ? null : tables.get(t, 0, t.length());
      if (model != null) {
        return model;
      }
      String of = modelOfPhysical(s, t);
      return new Refusal("42P01", "venv: " + s + "." + t + (of == null ? " is venv's" : " is a physical object of model "
          + of + " that") + " environment " + environment + " does not read; a connection reads its own environment's"
          + " models by their names (" + (of == null ? "schema.table" : of) + ")");
    }
    if (s.startsWith(RESERVED_PREFIX)) {
      return new Refusal("42P01", "venv: " + s + "." + t + " is venv's own (schema " + s + " is reserved), not"
          + " environment " + environment + "'s; read environments with the venv CLI (list, show)");
    }
    int sep = s.indexOf("__");
    if (sep <= 0) {
      return null;
    }
    String other = s.substring(sep + 2);
    return new Refusal("42P01", "venv: " + s + "." + t + " is in " + (environments.contains(other)
        ? "environment " + other + "'s view schema" : "a schema reserved for environment views (names with '__')")
        + "; this connection reads environment " + environment + " only"
        + (environments.contains(other) ? " (connect with jdbc:venv:" + other + ":… to read " + other + ")" : ""));
  }

  /** Cheap pre-check on the token: only names starting {@code venv_} or holding {@code __} can be venv's. */
  private static boolean mayBeVenvSchema(SqlTokens tokens, int schema) {
    String sql = tokens.source();
    int start = tokens.start(schema);
    int end = tokens.end(schema);
    if (tokens.kind(schema) == TokenKind.QUOTED_IDENTIFIER) {
      return true; // rare enough to decode
    }
    if (end - start >= RESERVED_PREFIX.length() && sql.regionMatches(true, start, RESERVED_PREFIX, 0,
        RESERVED_PREFIX.length())) {
      return true;
    }
    for (int i = start + 1; i + 1 < end; i++) {
      if (sql.charAt(i) == '_' && sql.charAt(i + 1) == '_') {
        return true;
      }
    }
    return false;
  }

  Refusal notHeld(String schema, String table, String spelledSchema) {
    String model = schema + "." + table;
    String spelled = spelledSchema == null ? model : spelledSchema + "." + table;
    if (allModels.contains(model)) {
      return new Refusal("42P01", "venv: model " + model + " is not in environment " + environment
          + (spelled.equals(model) ? "" : " (" + spelled + ")") + "; it is a model of another environment or of"
          + " an earlier version of this one, and a connection reads its own environment's models only");
    }
    return new Refusal("42P01", "venv: " + spelled + " does not exist in environment " + environment + ": schema "
        + schema + " holds models, and only models live there (your own tables go in a schema of your own)");
  }

  /** {@code venv__s.s__t__<version>} is model {@code s.t}; {@code null} for other names. */
  public static String modelOfPhysical(String schema, String table) {
    if (!schema.startsWith(PHYSICAL_PREFIX)) {
      return null;
    }
    String modelSchema = schema.substring(PHYSICAL_PREFIX.length());
    int version = table.lastIndexOf("__");
    if (modelSchema.isEmpty() || !table.startsWith(modelSchema + "__") || version <= modelSchema.length() + 2) {
      return null;
    }
    return modelSchema + "." + table.substring(modelSchema.length() + 2, version);
  }

  /**
   * The resolver for a session whose search path is {@code path} (logical schema names, first
   * first), or {@link SessionPath#UNKNOWN}: unqualified names in table positions resolve through it.
   */
  NameResolver forPath(SessionPath path) {
    return new PathResolver(this, path, UserTables.UNKNOWN, new java.util.ArrayList<>());
  }

  /**
   * The resolver for a session on {@code path}, knowing of the user's tables what {@code known}
   * says; the questions it could not answer are added to {@code questions}.
   */
  NameResolver forPath(SessionPath path, UserTables known, List<UserTables.Question> questions) {
    return new PathResolver(this, path, known, questions);
  }

  /** What a resolver answers while a question about the user's tables is open: the text waits for it. */
  static final Refusal QUESTION = new Refusal("42000", "venv: routing waits for what the backend says of the"
      + " user's tables");

  /** Unqualified names under one search path, as the backend would resolve them, failing closed. */
  private static final class PathResolver implements NameResolver {
    private final RoutingNames names;
    private final SessionPath path;
    private final UserTables known;
    private final List<UserTables.Question> questions;
    /** Per path element: the environment's tables there, for model schemas; null for the user's. */
    private final List<IdentifierMap<ModelIndex.Target>> tables = new ArrayList<>();
    private final List<SchemaKind> kinds = new ArrayList<>();
    private final boolean bare;

    PathResolver(RoutingNames names, SessionPath path, UserTables known, List<UserTables.Question> questions) {
      this.names = names;
      this.path = path;
      this.known = known;
      this.questions = questions;
      boolean any = path.isUnknown();
      if (!path.isUnknown()) {
        for (String schema : path.schemas()) {
          SchemaKind kind = names.kind(schema);
          kinds.add(kind);
          String model = kind == SchemaKind.MODEL || kind == SchemaKind.OWN_VIEW ? names.modelSchemaOf(schema) : null;
          tables.add(model == null ? null : names.own.tables(model));
          any |= kind != SchemaKind.USER;
        }
      }
      this.bare = any;
    }

    @Override
    public Object qualified(SqlTokens tokens, int schema, int table) {
      return names.qualified(tokens, schema, table);
    }

    @Override
    public boolean resolvesBareNames() {
      return bare;
    }

    @Override
    public Object bare(SqlTokens tokens, int table) {
      if (path.isUnknown()) {
        return new Refusal("42000", "venv: cannot tell where the unqualified name " + TokenNames.name(tokens, table)
            + " resolves in environment " + names.environment + ": an earlier statement of this text or batch sets"
            + " the search path from a value computed at run time; qualify the name or run it separately");
      }
      String name = TokenNames.name(tokens, table);
      if (isSystemName(name)) {
        return null; // pg_catalog's, DuckDB's own: found whatever the path
      }
      List<UserTables.Question> open = new java.util.ArrayList<>(0);
      for (int k = 0; k < kinds.size(); k++) {
        SchemaKind kind = kinds.get(k);
        String schema = path.schemas().get(k);
        if (kind == SchemaKind.USER) {
          Boolean exists = known.exists(schema, name);
          if (Boolean.TRUE.equals(exists)) {
            return open.isEmpty() ? null : ask(open); // the user's table comes first: the backend reads it
          }
          if (exists == null) {
            open.add(new UserTables.Question(schema, name));
          }
          continue;
        }
        if (kind == SchemaKind.OTHER_VIEW || kind == SchemaKind.VENV) {
          return new Refusal("42P01", "venv: the session's search path holds " + schema + ", which is not"
              + " environment " + names.environment + "'s; set it to a schema of this environment or your own");
        }
        String model = names.modelSchemaOf(schema);
        IdentifierMap<ModelIndex.Target> models = tables.get(k);
        ModelIndex.Target target = models == null ? null : TokenNames.lookup(models, tokens, table);
        if (target != null) {
          return open.isEmpty() ? target : ask(open); // unless a table of the user's ahead has the name
        }
        // Not in this connection's snapshot set. The backend would find the environment's view of
        // that name if the environment holds such a model now (one made since the connect): the
        // snapshot set lacks it, so that name must be refused, not read from the current view.
        String viewSchema = names.viewSchema(model);
        Boolean view = known.exists(viewSchema, name);
        if (view == null) {
          open.add(new UserTables.Question(viewSchema, name));
          continue;
        }
        if (view) {
          return open.isEmpty() ? names.notHeld(model, name, null) : ask(open);
        }
      }
      return open.isEmpty() || !anyVenvQuestion(open) ? null : ask(open);
    }

    /** Asks the backend the open questions; routing resumes with the answers. */
    private Object ask(List<UserTables.Question> open) {
      questions.addAll(open);
      return QUESTION;
    }

    /** Whether an open question is about a view schema: only those can make the name venv's. */
    private boolean anyVenvQuestion(List<UserTables.Question> open) {
      for (UserTables.Question q : open) {
        if (names.kind(q.schema()) != SchemaKind.USER) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Names the backends resolve before or after any search path: PostgreSQL's {@code pg_catalog}
   * ({@code pg_class}), DuckDB's system views ({@code duckdb_tables}, {@code sqlite_master}).
   */
  static boolean isSystemName(String name) {
    return name.startsWith("pg_") || name.startsWith("duckdb_") || name.startsWith("sqlite_");
  }

  private static String schemaOf(String model) {
    return model.substring(0, model.indexOf('.'));
  }

  private static IdentifierMap<String> identityMap(Collection<String> keys) {
    String[] k = keys.toArray(new String[0]);
    return new IdentifierMap<>(k, k.clone());
  }
}
