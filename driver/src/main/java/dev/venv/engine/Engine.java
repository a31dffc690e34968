package dev.venv.engine;

import dev.venv.sql.BackendCatalog;
import dev.venv.sql.SqlDialect;
import dev.venv.state.ConnectionSource;
import dev.venv.state.Identifiers;
import dev.venv.state.PhysicalName;
import dev.venv.state.SqlWork;
import dev.venv.state.StateLock;
import dev.venv.state.StateStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * One backend database as venv acts on it: connections, the SQL dialect, the DDL of building and
 * of the virtual layer, and the locks. The SQL here is what DuckDB and PostgreSQL share; a
 * subclass overrides only where they differ.
 *
 * <p>This is the only place that knows a backend. Outside {@code dev.venv.engine} the driver,
 * the environment code and the CLI name no backend: they ask an engine. A new backend (Trino is
 * next) is a subclass here plus these, and nothing elsewhere:
 * <ul>
 *   <li><b>URL and properties</b>: its sub-protocol in {@link #SUBPROTOCOLS} and
 *       {@link #URL_FORMS}; whether its driver reads {@code ?key=value} from the URL
 *       ({@link #readsSettingsFromUrl}); a branch in {@link Backends#engine}, which also says
 *       whether the backend has roles for owner credentials; {@link #requireExisting} if opening
 *       creates a database.
 *   <li><b>Connections</b>: {@link #open()} for venv's own work (pooled where the backend is a
 *       server; the pool belongs to the runtime's {@link Backends}, keyed on every property, and
 *       is closed with it), {@link #openForClient()} for a client's session (its own, never
 *       pooled), {@link #budget()} and {@link #buildParallelism()}, {@link #readOnly()}.
 *   <li><b>Locks</b>: {@link #lock()}, a {@link StateLock} that excludes every process that can
 *       write the state: in the JVM where only one process writes (DuckDB), in the server where
 *       many do (PostgreSQL's advisory locks).
 *   <li><b>SQL</b>: its {@link SqlDialect} (the lexer's quoting and comments, the routing's
 *       write/session/dynamic-SQL keywords), the DDL methods below where its syntax differs, the
 *       session's search path ({@link #sessionPath}, {@link #setSessionPath}), catalog queries
 *       ({@link #objects}, {@link #existingSchemas}, {@link #dependents}), seeds.
 *       <b>Transactions</b>: the build and the virtual layer run their DDL through the methods
 *       here; a backend without transactional DDL must still never leave a half-built final
 *       name (build under a temporary name, then rename).
 *   <li><b>Client-visible quirks</b>: {@link #closesStatementOnError()}, the JDBC table types its
 *       metadata reports ({@link #jdbcTableType}, {@link #backendTableTypes}), its error messages'
 *       SQLStates and name suggestions ({@link BackendErrors}), {@link #catalog()} if sessions can
 *       switch databases, {@link #builtinFunctions} if a user's function can shadow a built-in.
 *   <li><b>Isolation in the database</b>: {@link #checkIsolation} where the backend has
 *       privileges (what {@code venv doctor} reports).
 * </ul>
 * The tests parameterized over {@code Backend} (isolation, the fuzzer, lifecycle, metadata) are
 * the contract: a new engine joins their parameters and passes them.
 */
public abstract class Engine implements ConnectionSource, AutoCloseable {
  private static final ConnectionBudget UNBOUNDED = ConnectionBudget.unbounded();

  private final String url;
  /** The backends this engine alone uses ({@link #forUrl}), closed with it; else {@code null}. */
  private Backends owned;
  /** Where the state lives when not in this backend (option {@code state}); else {@code null}. */
  private SeparateState separateState;

  Engine(String url) {
    this.url = url;
  }

  /** The backends' JDBC sub-protocols ({@code jdbc:<name>:…}), lower case. */
  public static final java.util.Set<String> SUBPROTOCOLS = java.util.Set.of("duckdb", "postgresql", "trino");

  /** How the backend URLs look, for a message: what a user should write after {@code jdbc:}. */
  public static final String URL_FORMS = "duckdb:<file>, postgresql://host/db or trino://host:port/catalog";

  /**
   * Whether the backend reads {@code ?key=value} settings from its URL. DuckDB does not: it takes
   * the {@code ?} as part of the file name, so its settings must travel as properties.
   */
  public static boolean readsSettingsFromUrl(String backendUrl) {
    String url = backendUrl.regionMatches(true, 0, "jdbc:", 0, 5) ? backendUrl.substring(5) : backendUrl;
    return !url.regionMatches(true, 0, "duckdb:", 0, "duckdb:".length());
  }

  /**
   * Whether the backend's JDBC driver defines a setting of that name (PgJDBC's {@code ssl}, say),
   * so that venv never takes it for a typo of its own options. DuckDB refuses names it does not
   * know itself, so nothing is asked of it here.
   */
  public static boolean driverDefinesSetting(String backendUrl, String name) {
    String url = backendUrl.regionMatches(true, 0, "jdbc:", 0, 5) ? backendUrl.substring(5) : backendUrl;
    if (url.regionMatches(true, 0, "trino:", 0, "trino:".length())) {
      return TrinoEngine.driverDefines(name);
    }
    return url.regionMatches(true, 0, "postgresql:", 0, "postgresql:".length())
        && PostgresEngine.driverDefines(name);
  }

  /**
   * An engine of its own for a backend JDBC URL ({@code jdbc:duckdb:...} or
   * {@code jdbc:postgresql:...}), with one role for venv's work and the clients' sessions alike:
   * for a CLI command or a test; closing it closes its pool or database. DuckDB's settings may
   * follow the file after {@code ?} ({@code jdbc:duckdb:w.db?access_mode=READ_ONLY}), as in the
   * driver's URLs.
   *
   * @throws SQLException SQLState {@code 08001} for a backend venv does not support
   */
  public static Engine forUrl(String url, Properties properties) throws SQLException {
    return forUrl(url, properties, null);
  }

  /**
   * An engine of its own, with venv's work done as {@code owner}: see
   * {@link Backends#engine(String, Properties, Properties)}. Closing it closes its pool or database.
   */
  public static Engine forUrl(String url, Properties client, Properties owner) throws SQLException {
    return forUrl(url, client, owner, null);
  }

  /**
   * An engine of its own whose state lives in {@code state} (option {@code state}), or in the
   * backend when {@code null}: see {@link Backends#engine(String, Properties, Properties, StateLocation)}.
   */
  public static Engine forUrl(String url, Properties client, Properties owner, StateLocation state)
      throws SQLException {
    Properties properties = new Properties();
    if (client != null) {
      properties.putAll(client);
    }
    String backendUrl = readsSettingsFromUrl(url) ? url : Urls.settingsToProperties(url, properties);
    Backends own = new Backends();
    try {
      Engine engine = own.engine(backendUrl, properties, owner, state);
      engine.owned = own;
      return engine;
    } catch (SQLException | RuntimeException e) {
      own.close();
      throw e;
    }
  }

  /**
   * Whether opening {@code url} makes a new database: a DuckDB file that does not exist yet. A
   * connect that then fails removes it ({@link Backends#deleteNewDatabase}).
   */
  public static boolean makesNewDatabase(String url) {
    return url.startsWith(DuckDbEngine.URL_PREFIX) && DuckDbEngine.fileMissing(url);
  }

  /**
   * Refuses, before anything is opened, a backend database that does not exist when the caller
   * will not create anything in it: opening a DuckDB file creates it, and a connect that then fails
   * for want of an environment would leave an empty warehouse behind.
   *
   * @throws SQLException SQLState {@code 3D000} naming the missing file
   */
  public static void requireExisting(String url, Properties properties) throws SQLException {
    if (url.startsWith(DuckDbEngine.URL_PREFIX)) {
      DuckDbEngine.requireExistingFile(url, properties);
    }
  }

  /**
   * The database this engine reaches, however the URL and properties spelled it: a DuckDB file's
   * one name however linked (and which opening of it), a PostgreSQL server's hosts, ports and
   * database. What a runtime keys its caches of the database's state on (routes, migrations, model
   * schemas): two spellings of one database share them, and two databases behind one URL string
   * never do.
   */
  public String database() {
    return url;
  }

  /**
   * The user a backend URL names in itself ({@code ?user=…} on PostgreSQL, which PgJDBC lets win
   * over the properties), or {@code null}. A service file's user is not the URL's: properties win
   * over it.
   */
  public static String userNamedIn(String backendUrl) {
    int query = backendUrl.indexOf('?');
    if (!backendUrl.startsWith(PostgresEngine.URL_PREFIX) || query < 0) {
      return null;
    }
    for (String pair : backendUrl.substring(query + 1).split("&")) {
      if (pair.startsWith("user=")) {
        return java.net.URLDecoder.decode(pair.substring("user=".length()), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** The backend URL, {@code jdbc:...}. */
  public String url() {
    return url;
  }

  public abstract SqlDialect dialect();

  /**
   * The lock that serializes state writers, environment creation and builds on this database: in
   * the state database when the state lives in another ({@link #stateInBackend()}).
   */
  public final StateLock lock() {
    return separateState == null ? backendLock() : separateState.lock();
  }

  /** The backend's own lock, for a state kept in it. */
  protected abstract StateLock backendLock();

  /** Keeps venv's state, locks and compare-and-set in {@code state} instead of this backend. */
  final void keepStateIn(SeparateState state) {
    this.separateState = state;
  }

  /** Whether the state (schema {@code venv_state}) and the locks live in this backend itself. */
  public final boolean stateInBackend() {
    return separateState == null;
  }

  /**
   * The database the state lives in, however spelled ({@link #database()} of the state's engine):
   * what a runtime keys its knowledge of a state on (migrated, routes).
   */
  public final String stateDatabase() {
    return separateState == null ? database() : separateState.engine().database();
  }

  /**
   * For a state kept in a database of its own: makes it this backend's, or refuses it when it is
   * another's (SQLState {@code 55000}): one state database serves one warehouse, else each would
   * take the other's physical objects for built, and each janitor drop what the other holds. And
   * the other way round, where anything may be written: the warehouse records the state database
   * that holds it ({@link #CLAIM_TABLE}), and another state database, or the warehouse's own state,
   * is refused there.
   */
  public final void claimState(StateStore store) throws SQLException {
    if (separateState != null) {
      store.claimBackend(backendIdentity(), !readOnly());
    }
    if (readOnly()) {
      return; // it changes nothing, so cannot drop another state's objects: no query on every connect
    }
    if (separateState != null) {
      claimWarehouse(separateState.engine().backendIdentity());
    } else {
      refuseClaimedWarehouse(null);
    }
  }

  /**
   * Where a warehouse records the state database that holds its objects, when that is another
   * database: named outside {@code venv__*}, which the janitor sweeps for debris.
   */
  static final String CLAIM_TABLE = "venv_claim.state";

  /**
   * The warehouse's side of {@link #claimState}: records that {@code state} holds its objects, or
   * refuses when another state does ({@code 55000}). Two state databases over one warehouse would
   * each take the other's physical objects for debris, and each janitor drop them.
   */
  private void claimWarehouse(String state) throws SQLException {
    try (Connection c = open()) {
      java.util.Set<String> claims = warehouseClaims(c);
      if (claims.isEmpty()) {
        execute(c, createSchemaStatement("venv_claim"));
        execute(c, "CREATE TABLE IF NOT EXISTS " + CLAIM_TABLE + " (identity VARCHAR(2000))");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + CLAIM_TABLE + " (identity) VALUES (?)")) {
          ps.setString(1, state);
          ps.executeUpdate();
        }
        claims = warehouseClaims(c);
      }
      refuseClaimedWarehouse(claims, state);
    }
  }

  /** Refuses a warehouse another state database claimed ({@code state}: this one's, or null for the backend). */
  private void refuseClaimedWarehouse(String state) throws SQLException {
    try (Connection c = open()) {
      refuseClaimedWarehouse(warehouseClaims(c), state);
    }
  }

  private void refuseClaimedWarehouse(java.util.Set<String> claims, String state) throws SQLException {
    java.util.Set<String> others = new java.util.TreeSet<>(claims);
    if (state != null) {
      others.remove(state);
    }
    if (!others.isEmpty()) {
      throw new SQLException("This warehouse's objects are held by the state database " + String.join(" and ", others)
          + " (recorded in " + CLAIM_TABLE + "), not by " + (state == null ? "a state in the warehouse itself"
          : state) + ": one warehouse has one state database, else each would take the other's objects for debris"
          + " and its janitor drop them; use that state database (option state)", "55000");
    }
  }

  /** The state databases recorded in the warehouse; none when it has no {@link #CLAIM_TABLE}. */
  private java.util.Set<String> warehouseClaims(Connection c) throws SQLException {
    java.util.Set<String> claims = new java.util.TreeSet<>();
    if (existingSchemas(c, java.util.Set.of("venv_claim")).isEmpty()) {
      return claims;
    }
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT identity FROM " + CLAIM_TABLE)) {
      while (rs.next()) {
        claims.add(rs.getString(1));
      }
    } catch (SQLException e) {
      if (!existingSchemas(c, java.util.Set.of("venv_claim")).isEmpty() && tableExists(c, "venv_claim", "state")) {
        throw e;
      }
      // the schema without the table: a claim that died half-made, nothing recorded
    }
    return claims;
  }

  /**
   * The backend as the same in every process and every spelling of its URL, for a state kept
   * apart to know its warehouse by: {@link #database()} by default (PostgreSQL's hosts, ports and
   * database, not the user; Trino's coordinator and catalog).
   */
  protected String backendIdentity() {
    return database();
  }

  /** The state store, on connections of its own (the backend's, or the state database's). */
  public final StateStore stateStore() {
    return StateStore.jdbc(separateState == null ? this : separateState.engine(), lock());
  }

  /**
   * The state store on the connection venv's work holds ({@link #withCreatorConnection},
   * {@link #withBuildConnection}, {@link #openWork}): that connection itself, or the state
   * connection it carries when the state lives in another database.
   */
  public final StateStore stateStore(Connection work) throws SQLException {
    Connection state = separateState == null ? work : SeparateState.stateOf(work);
    return StateStore.jdbc(ConnectionSource.borrowed(state), lock());
  }

  /**
   * A connection for venv's work that both does DDL on the backend and takes locks and reads or
   * writes the state: {@link #open()} where the state lives in the backend, else a backend
   * connection carrying a state connection; closing it closes both.
   */
  public final Connection openWork() throws SQLException {
    return separateState == null ? open() : separateState.pair(open());
  }

  /**
   * The backend connection for DDL that belongs with a state transaction on {@code stateTx}: that
   * very connection where the state lives in the backend (DDL and state commit together; closing
   * the result leaves it open), else a new backend connection (its DDL commits on its own).
   */
  public final Connection ddlConnectionFor(Connection stateTx) throws SQLException {
    return separateState == null ? ConnectionSource.borrowed(stateTx).open() : open();
  }

  /**
   * Whether the backend was opened read-only (DuckDB's {@code access_mode=READ_ONLY}): then
   * nothing of venv's may be written — no migration, no record of use, no environment created.
   */
  public boolean readOnly() {
    return false;
  }

  /**
   * The database venv's objects live in, as sessions may name it: DuckDB's catalog and file, which
   * a session could detach or attach again. {@link BackendCatalog#NONE} where sessions cannot switch
   * databases (PostgreSQL).
   */
  public BackendCatalog catalog() {
    return BackendCatalog.NONE;
  }

  /**
   * Which of {@code names} are the backend's built-in functions: a macro or function of a user's
   * named like one would change what models compute (DuckDB resolves a macro in {@code main}
   * before its own function). None on PostgreSQL, whose built-ins in {@code pg_catalog} come first.
   */
  public java.util.List<String> builtinFunctions(Connection c, java.util.List<String> names) throws SQLException {
    return java.util.List.of();
  }

  /** The longest identifier the backend keeps whole. */
  public int maxIdentifierLength() {
    return 255;
  }

  /** How many physical objects one creator builds at once. */
  public abstract int buildParallelism();

  /**
   * Whether DDL is transactional: objects created in a transaction, and rows written in it, commit
   * together or not at all. Then a build creates many objects under their final names in one
   * transaction (a crash leaves none of them), instead of one object under a temporary name and a
   * rename each. A backend whose DDL commits on its own (Trino) answers {@code false}.
   */
  public final boolean transactionalDdl() {
    // DDL commits with the state only where the state is in the same database
    return separateState == null && backendTransactionalDdl();
  }

  /** Whether the backend's DDL is transactional ({@link #transactionalDdl()}). */
  protected boolean backendTransactionalDdl() {
    return false;
  }

  /** How many connections venv's long work may hold at once on this backend in this JVM. */
  public ConnectionBudget budget() {
    return UNBOUNDED;
  }

  /**
   * Runs an environment creator's work on a connection of its own, within the {@linkplain #budget()
   * budget}: the creator does its locking and state work on it and needs no other.
   */
  public <T> T withCreatorConnection(Duration timeout, SqlWork<T> work) throws SQLException {
    return budget().asCreator(this::openWork, timeout, work);
  }

  /**
   * Runs one build on a connection of its own, within the {@linkplain #budget() budget}: the build
   * does its locking, DDL and state write on it and needs no other.
   */
  public <T> T withBuildConnection(Duration timeout, SqlWork<T> work) throws SQLException {
    return budget().asBuild(this::openWork, timeout, work);
  }

  /** A new connection to the backend, for venv's own work (state, builds, views). */
  @Override
  public abstract Connection open() throws SQLException;

  /** A new backend connection for a client of the driver: a session of its own. */
  public Connection openForClient() throws SQLException {
    return open();
  }

  /**
   * Whether the backend's JDBC driver closes a statement whose execute failed (DuckDB's does). The
   * driver then opens a new backend statement for the client and sets its parameters again, so it
   * records every parameter the client sets; where this is {@code false} it records none and keeps
   * no {@code byte[]} or {@code Blob} alive.
   */
  public boolean closesStatementOnError() {
    return false;
  }

  /** The JDBC table type for a type the backend's metadata reports ({@code TABLE}, {@code VIEW}, …). */
  public String jdbcTableType(String backendType) {
    return backendType;
  }

  /**
   * The backend's JDBC driver as a person names it, with its version, from its metadata: what
   * venv's {@code getDriverName} and {@code getDriverVersion} add to its own.
   */
  public String backendDriver(java.sql.DatabaseMetaData backend) throws SQLException {
    return backend.getDriverName() + " " + backend.getDriverVersion();
  }

  /** The types to ask the backend's metadata for when a client asks for JDBC's {@code type}. */
  public List<String> backendTableTypes(String type) {
    return List.of(type);
  }

  /** Releases what the engine holds open, and the backends it alone uses. */
  @Override
  public final void close() throws SQLException {
    try {
      release();
      if (separateState != null) {
        separateState.engine().close();
      }
    } finally {
      if (owned != null) {
        owned.close();
      }
    }
  }

  /** Releases what this engine took of its backends (a DuckDB database's use). */
  abstract void release() throws SQLException;

  public void createSchema(Connection c, String schema) throws SQLException {
    execute(c, createSchemaStatement(schema));
  }

  public String createSchemaStatement(String schema) {
    return "CREATE SCHEMA IF NOT EXISTS " + quote(schema);
  }

  /** DDL statements for {@code c}, sent {@link #ddlStatementsPerCall()} at a time. */
  public DdlBatch ddlBatch(Connection c) {
    return new DdlBatch(c, ddlStatementsPerCall());
  }

  /**
   * How many DDL statements one {@code Statement.execute} may carry: more than one where the
   * backend's JDBC driver runs a text of several statements, each in turn, in one call.
   */
  protected int ddlStatementsPerCall() {
    return 1;
  }

  /** Creates a table holding the query's result. */
  public void createTableAs(Connection c, PhysicalName name, String query) throws SQLException {
    execute(c, "CREATE TABLE " + name.quoted() + " AS " + query);
  }

  /** The query of an environment's view of a model: everything of the snapshot's physical object. */
  public String environmentViewQuery(PhysicalName physical) {
    return "SELECT * FROM " + physical.quoted();
  }

  /** Creates a view over the query. */
  public void createView(Connection c, PhysicalName name, String query) throws SQLException {
    execute(c, createViewStatement(name, query));
  }

  /** {@link #createView}'s statement, for a {@link DdlBatch}. */
  public String createViewStatement(PhysicalName name, String query) {
    return "CREATE VIEW " + name.quoted() + " AS " + query;
  }

  /** Creates a view, or replaces the view of that name (the caller knows it is venv's). */
  public void replaceView(Connection c, PhysicalName name, String query) throws SQLException {
    replaceViewInPlace(c, name, query);
  }

  /**
   * {@code CREATE OR REPLACE VIEW}: the view keeps its identity, so objects that depend on it stay.
   * A backend whose views bind early (PostgreSQL) allows it only when the existing columns keep
   * their names and types, in order; new ones may be appended.
   */
  public void replaceViewInPlace(Connection c, PhysicalName name, String query) throws SQLException {
    execute(c, "CREATE OR REPLACE VIEW " + name.quoted() + " AS " + query);
  }

  /**
   * Replaces {@code name} in place if the backend allows it; a backend whose views bind late
   * (DuckDB) always does.
   *
   * @return {@code null} when replaced; the backend's refusal when the columns change in a way it
   *         cannot do in place (the caller's transaction goes on); any other failure is thrown
   */
  public SQLException tryReplaceViewInPlace(Connection c, PhysicalName name, String query) throws SQLException {
    replaceViewInPlace(c, name, query);
    return null;
  }

  /**
   * For each of {@code views} that other objects depend on (directly or transitively), those
   * objects, sorted; views nothing depends on are absent. Always empty on a backend whose views
   * bind late (DuckDB): nothing there blocks dropping or replacing a view.
   */
  public Map<PhysicalName, List<PhysicalName>> viewDependents(Connection c, Collection<PhysicalName> views)
      throws SQLException {
    return Map.of();
  }

  public void dropView(Connection c, PhysicalName name) throws SQLException {
    execute(c, "DROP VIEW IF EXISTS " + name.quoted());
  }

  /** Drops a physical table or view; gone already is fine (the janitor is idempotent). */
  public void drop(Connection c, PhysicalName name, boolean view) throws SQLException {
    execute(c, "DROP " + (view ? "VIEW" : "TABLE") + " IF EXISTS " + name.quoted());
  }

  /** Drops an empty schema. */
  public void dropSchema(Connection c, String schema) throws SQLException {
    execute(c, "DROP SCHEMA IF EXISTS " + quote(schema));
  }

  /** venv's physical schemas ({@code venv__*}) in the backend. */
  public java.util.List<String> physicalSchemas(Connection c) throws SQLException {
    java.util.List<String> result = new java.util.ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT schema_name FROM information_schema.schemata"
        + " WHERE schema_name LIKE ? ESCAPE '!' ORDER BY schema_name")) {
      ps.setString(1, PhysicalName.SCHEMA_PREFIX.replace("_", "!_") + "%");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(rs.getString(1));
        }
      }
    }
    return result;
  }

  /**
   * The venv objects that depend, directly or through other views, on any of {@code targets}:
   * what a {@code DROP … CASCADE} or {@code ALTER … CASCADE} of them would drop or change along
   * with them, whoever owns them — privileges do not stop a cascade from the owner of an external
   * table that a VIEW model reads. The driver asks before it runs such a statement.
   *
   * <p>A backend whose views bind their names when queried (DuckDB) drops nothing by cascade, so
   * finds none.
   *
   * @param c          the client's connection: bare names resolve through its session's search path
   * @param targets    the objects the statement names, as written
   * @param venvSchema whether a schema holds venv's views: the model schemas and the environment
   *                   view schemas ({@code venv__*} and {@code venv_state} always count)
   * @return the dependents in venv's schemas, sorted, without the targets themselves; empty when
   *         no target exists
   */
  public final List<PhysicalName> venvDependents(Connection c, List<DropTarget> targets,
      Predicate<String> venvSchema) throws SQLException {
    return dependents(c, targets).stream().filter(d -> isVenvSchema(d.schema(), venvSchema)).toList();
  }

  /**
   * Every table or view, in any schema, that depends directly or transitively on any of
   * {@code targets}, sorted, without the targets themselves. None on a backend whose views bind
   * late (DuckDB): nothing there blocks dropping or replacing a view, or goes with it.
   */
  public List<PhysicalName> dependents(Connection c, List<DropTarget> targets) throws SQLException {
    return List.of();
  }

  /**
   * Whether the database itself keeps clients off venv's objects: who owns them, and what
   * {@code clientRole} may do to them (what {@code venv doctor} reports). A backend without roles
   * (DuckDB) says that the driver alone keeps environments apart.
   *
   * @param c                a connection as venv's owner, or any role that may read the catalog
   * @param environmentViews every environment's views, from the state
   * @param clientRole       the role clients connect as, or {@code null} when not known
   * @throws SQLException SQLState {@code 42704} when {@code clientRole} does not exist
   */
  public IsolationReport checkIsolation(Connection c, Collection<PhysicalName> environmentViews, String clientRole)
      throws SQLException {
    return new IsolationReport("duckdb", null, clientRole, List.of(), List.of(
        "DuckDB has no roles or privileges: anyone who can open the file can change anything in it. The driver"
            + " alone keeps environments apart (it refuses writes to models and the SQL it cannot analyse);"
            + " a session that bypasses it (the DuckDB CLI, another JDBC driver) is not isolated."));
  }

  /** Whether {@code schema} is one venv made for itself, or one {@code venvSchema} names. */
  static boolean isVenvSchema(String schema, Predicate<String> venvSchema) {
    return schema.startsWith(PhysicalName.SCHEMA_PREFIX) || schema.equals(STATE_SCHEMA) || venvSchema.test(schema);
  }

  /** Creates a table holding a CSV file's rows (header row first). */
  public abstract void loadSeed(Connection c, PhysicalName name, Path csv) throws SQLException;

  /** Creates the table {@link #loadSeed} would, with its columns and types but no rows. */
  public abstract void createEmptySeed(Connection c, PhysicalName name, Path csv) throws SQLException;

  /** Gives a table or view its final name, in its schema. */
  public void rename(Connection c, PhysicalName from, String to, boolean view) throws SQLException {
    execute(c, "ALTER " + (view ? "VIEW " : "TABLE ") + from.quoted() + " RENAME TO " + quote(to));
  }

  /** Whether a table or view of that name exists. */
  public boolean exists(Connection c, PhysicalName name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.tables"
        + " WHERE table_schema = ? AND table_name = ?")) {
      ps.setString(1, name.schema());
      ps.setString(2, name.table());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Whether the session on {@code c} sees a table or view {@code schema.table} (names as stored). */
  public boolean tableExists(Connection c, String schema, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + sessionCatalogViews() + ".tables"
        + " WHERE table_schema = ? AND table_name = ?")) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * The schema of the backend's own {@code information_schema} views, named so that the client's
   * session, whatever its search path, cannot mean another by it.
   */
  protected String sessionCatalogViews() {
    return "information_schema";
  }

  /** Which of these schemas exist. */
  public java.util.Set<String> existingSchemas(Connection c, Collection<String> schemas) throws SQLException {
    java.util.Set<String> result = new java.util.HashSet<>();
    if (schemas.isEmpty()) {
      return result;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT schema_name FROM information_schema.schemata"
        + " WHERE schema_name IN (" + "?" + ", ?".repeat(schemas.size() - 1) + ")")) {
      int i = 1;
      for (String schema : schemas) {
        ps.setString(i++, schema);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(rs.getString(1));
        }
      }
    }
    return result;
  }

  /** The objects of these schemas: schema.table → {@code TABLE} or {@code VIEW}. */
  public Map<PhysicalName, String> objects(Connection c, Collection<String> schemas) throws SQLException {
    Map<PhysicalName, String> result = new HashMap<>();
    if (schemas.isEmpty()) {
      return result;
    }
    String in = "?" + ", ?".repeat(schemas.size() - 1);
    try (PreparedStatement ps = c.prepareStatement("SELECT table_schema, table_name, table_type"
        + " FROM information_schema.tables WHERE table_schema IN (" + in + ")")) {
      int i = 1;
      for (String schema : schemas) {
        ps.setString(i++, schema);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String type = rs.getString(3);
          result.put(new PhysicalName(rs.getString(1), rs.getString(2)), type.contains("VIEW") ? "VIEW" : "TABLE");
        }
      }
    }
    return result;
  }

  /**
   * The session's search path on a client connection: schema names (unquoted, without catalog),
   * the current schema first, as the backend resolves unqualified names.
   */
  public abstract java.util.List<String> sessionPath(Connection c) throws SQLException;

  /**
   * The schemas a client's session starts on because its URL or properties name them (Trino's
   * {@code …/catalog/schema}, PostgreSQL's {@code currentSchema=}), known without asking the server;
   * empty where the backend takes none (DuckDB). A connect refuses one of another environment's or
   * venv's, which the session would otherwise silently lose.
   */
  public java.util.List<String> startingSchemas(Connection client) throws SQLException {
    return java.util.List.of();
  }

  /** Sets the session's search path on a client connection (schema names, current first). */
  public abstract void setSessionPath(Connection c, java.util.List<String> schemas) throws SQLException;

  /**
   * Why the backend session {@code c} would read SQL text otherwise than venv's lexer does, or
   * null: read from what the backend's driver already knows, without a query (this runs before
   * every text).
   */
  public String lexingMismatch(Connection c) throws SQLException {
    return null;
  }

  /** Sets session {@code c} back to what venv's lexer reads, after {@link #lexingMismatch}. */
  public void restoreLexing(Connection c) throws SQLException {
  }

  /**
   * The databases session {@code c} has attached besides the warehouse that hold venv's schemas:
   * other venv warehouses, whose views and tables a session could change by their catalog's name
   * where routing knows none of their names. Empty where sessions cannot attach databases.
   */
  public java.util.List<String> attachedWarehouses(Connection c) throws SQLException {
    return java.util.List.of();
  }

  /** The schema of venv's state where it lives in the backend (the state module's own name for it). */
  public static final String STATE_SCHEMA = "venv_state";

  /** What an {@code ATTACH 'path'} would attach, as far as venv can tell before it runs. */
  public enum AttachTarget {
    /** Known to hold none of venv's schemas: a file of the user's, a new file, an in-memory database. */
    OWN_DATA,
    /** Another venv warehouse: its views and tables must not be reachable from this one. */
    VENV_WAREHOUSE,
    /** Not a path venv can open and look into (a URL, {@code ~}, a file a writer holds). */
    UNKNOWN
  }

  /**
   * What {@code path}, as a session would write it in {@code ATTACH 'path'}, is, looked at before
   * the session attaches it: once attached, every connection of the process could name it, so
   * what cannot be told must not be attached. {@link AttachTarget#UNKNOWN} where sessions attach nothing.
   */
  public AttachTarget attachTarget(String path) throws SQLException {
    return AttachTarget.UNKNOWN;
  }

  /**
   * Why a {@code COPY … TO 'path'} ({@code path} null: one named at run time) must not run, or {@code null}: where the backend's sessions write
   * files of the process (DuckDB), a write over a database file or its log destroys every
   * environment in it. None where the server guards its own files (PostgreSQL: superusers only).
   */
  public dev.venv.sql.Refusal fileWriteRefusal(String path, String environment) {
    return null;
  }

  /** Detaches database {@code alias} from session {@code c}. */
  public void detach(Connection c, String alias) throws SQLException {
    throw new SQLException("venv: this backend attaches no databases", "0A000");
  }

  static String quote(String identifier) {
    return Identifiers.quote(identifier);
  }

  static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
