package dev.venv.engine;

import dev.venv.sql.BackendCatalog;
import dev.venv.sql.SqlDialect;
import dev.venv.state.PhysicalName;
import dev.venv.state.StateLock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Embedded DuckDB. One process may open a database file for writing, and connections to one file
 * share one database within the JVM, so locks within the JVM are enough.
 */
final class DuckDbEngine extends Engine {
  static final String URL_PREFIX = "jdbc:duckdb:";

  private final StateLock lock;
  /** The database file's one name in this process ({@link DuckDbFileLocks#name}). */
  private final String file;
  /** The file's real path (links resolved): its name in every process. */
  private final String realFile;
  private final DuckDbDatabases.Shared database;
  /** {@link #database()}: the file's name and which opening of it this is. */
  private final String identity;
  private final boolean readOnly;
  private boolean closed;

  private final DuckDbDatabases databases;

  DuckDbEngine(String url, Properties properties, DuckDbDatabases databases) throws SQLException {
    super(url);
    Path spelled = Path.of(fileOf(url)).toAbsolutePath();
    this.realFile = BackendCatalog.realFile(spelled).toString();
    this.file = DuckDbFileLocks.name(spelled.toString(), realFile);
    this.readOnly = isReadOnly(properties);
    // One open database per file and settings: a read-only open must never be handed the
    // read-write database, nor a connect asking for enable_external_access=false one without it
    // (DuckDB itself refuses two configurations of one file in one process, and so then do we). DuckDB
    // is given the file's one name: its own cache of open files goes by the path's text, and two
    // spellings of one file would otherwise open it twice and each lose the other's writes.
    this.databases = databases;
    int options = url.indexOf('?');
    String opened = URL_PREFIX + file + (options < 0 ? "" : url.substring(options));
    this.database = databases.acquire(file + '\u0000' + settings(properties), Path.of(file), opened, properties);
    this.identity = file + '\u0000' + database.opening();
    this.lock = DuckDbFileLocks.of(file);
    DuckDbFileLocks.name(file, file); // made now if it was not: known by this name from now on
  }

  /** The settings DuckDB is opened with, in one order: two connects share a database only if they agree. */
  private static String settings(Properties properties) {
    StringBuilder settings = new StringBuilder();
    for (String key : new java.util.TreeSet<>(properties.stringPropertyNames())) {
      settings.append(key.toLowerCase(java.util.Locale.ROOT)).append('=')
          .append(properties.getProperty(key).strip()).append('\u0000');
    }
    return settings.toString();
  }

  /**
   * Whether DuckDB opens the file read-only, read as DuckDB's driver reads it: {@code access_mode}
   * when given ({@code READ_ONLY}), else {@code duckdb.read_only} true, 1, yes or on.
   *
   * @throws SQLException {@code 08001} for an {@code access_mode} DuckDB does not know
   */
  private static boolean isReadOnly(Properties properties) throws SQLException {
    String accessMode = null;
    boolean readOnlyFlag = false;
    for (String key : properties.stringPropertyNames()) {
      String value = properties.getProperty(key).strip().toLowerCase(java.util.Locale.ROOT);
      if (key.equalsIgnoreCase("access_mode")) {
        if (!java.util.Set.of("automatic", "read_only", "read_write").contains(value)) {
          throw new SQLException("DuckDB option access_mode='" + properties.getProperty(key) + "' is not one of"
              + " automatic, read_only, read_write", "08001");
        }
        accessMode = value;
      } else if (key.equalsIgnoreCase("duckdb.read_only")) {
        readOnlyFlag = java.util.Set.of("true", "1", "yes", "on").contains(value);
      }
    }
    // DuckDB's driver sets access_mode from duckdb.read_only only when access_mode is not given
    return accessMode != null ? accessMode.equals("read_only") : readOnlyFlag;
  }

  /**
   * DuckDB's driver calls itself {@code DuckDBJ}, version {@code 1.0}, whatever its release; the
   * engine it carries says which release it is.
   */
  @Override
  public String backendDriver(java.sql.DatabaseMetaData backend) throws SQLException {
    return "DuckDB JDBC " + backend.getDatabaseProductVersion();
  }

  /** DuckDB 1.4 says {@code BASE TABLE} where JDBC (and DuckDB 2.0) says {@code TABLE}. */
  @Override
  public String jdbcTableType(String backendType) {
    return "BASE TABLE".equals(backendType) ? "TABLE" : backendType;
  }

  @Override
  public java.util.List<String> backendTableTypes(String type) {
    return type.equals("TABLE") ? java.util.List.of("TABLE", "BASE TABLE") : java.util.List.of(type);
  }

  @Override
  public boolean readOnly() {
    return readOnly;
  }

  @Override
  public boolean closesStatementOnError() {
    return true;
  }

  @Override
  public BackendCatalog catalog() {
    return database.catalog();
  }

  /** A schema of venv's own in {@code duckdb_schemas()}: one holds it, so the database is a venv warehouse. */
  private static final String VENV_SCHEMA = "(schema_name = '" + STATE_SCHEMA + "' OR system.main.starts_with("
      + "schema_name, '" + PhysicalName.SCHEMA_PREFIX + "'))";

  /** DuckDB's in-memory databases, {@code :memory:} and {@code :memory:name}. */
  private static final java.util.regex.Pattern IN_MEMORY = java.util.regex.Pattern.compile(":memory:\\w*");

  /** Any catalog but the warehouse's holding venv's state or physical schemas: a venv warehouse. */
  @Override
  public java.util.List<String> attachedWarehouses(Connection c) throws SQLException {
    java.util.List<String> warehouses = new java.util.ArrayList<>();
    // system.main: the session may have attached a file whose macros would answer otherwise
    try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT DISTINCT database_name FROM"
        + " system.main.duckdb_schemas() WHERE database_name <> ? AND " + VENV_SCHEMA)) {
      ps.setString(1, database.catalog().name());
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          warehouses.add(rs.getString(1));
        }
      }
    }
    return warehouses;
  }

  /**
   * An existing file is attached read-only in an in-memory database of its own, outside the
   * warehouse's, whose catalog that probe alone sees. Only plain paths are looked into: DuckDB
   * reads more than Java does ({@code ~}, {@code file:}, {@code s3://}, {@code md:}), and what
   * cannot be opened here (not a DuckDB file, a file a writer holds) cannot be told.
   */
  @Override
  public AttachTarget attachTarget(String path) throws SQLException {
    String plain = path.regionMatches(true, 0, "duckdb:", 0, 7) ? path.substring(7) : path;
    // ':memory:' or ':memory:name' only: ':memory:/../w.db' is a path into a folder named ':memory:'
    if (IN_MEMORY.matcher(plain).matches()) {
      return AttachTarget.OWN_DATA;
    }
    if (plain.isEmpty() || plain.indexOf(':') >= 0 || plain.startsWith("~")) {
      return AttachTarget.UNKNOWN;
    }
    Path file;
    try {
      file = Path.of(plain);
    } catch (RuntimeException e) {
      return AttachTarget.UNKNOWN;
    }
    if (!java.nio.file.Files.exists(file) && !java.nio.file.Files.isSymbolicLink(file)) {
      return AttachTarget.OWN_DATA; // the ATTACH makes a new, empty database
    }
    if (!java.nio.file.Files.isRegularFile(file)) {
      return AttachTarget.UNKNOWN;
    }
    java.sql.Driver duckdb = BackendDrivers.find("org.duckdb.DuckDBDriver", "jdbc:duckdb:");
    try (Connection probe = duckdb.connect("jdbc:duckdb:", new Properties()); Statement s = probe.createStatement()) {
      try {
        s.execute("ATTACH '" + plain.replace("'", "''") + "' AS venv_probe (READ_ONLY)");
      } catch (SQLException e) {
        return AttachTarget.UNKNOWN;
      }
      try (java.sql.ResultSet rs = s.executeQuery("SELECT 1 FROM system.main.duckdb_schemas()"
          + " WHERE database_name = 'venv_probe' AND " + VENV_SCHEMA)) {
        return rs.next() ? AttachTarget.VENV_WAREHOUSE : AttachTarget.OWN_DATA;
      }
    }
  }

  /**
   * A plain path only (DuckDB writes to more than Java reads: {@code ~}, {@code file:}, URLs), and
   * not over a DuckDB database or its {@code .wal}, nor into a folder holding one (a partitioned
   * write with {@code OVERWRITE} empties its folder).
   */
  @Override
  public dev.venv.sql.Refusal fileWriteRefusal(String path, String environment) {
    if (path == null) {
      return new dev.venv.sql.Refusal("42000", "venv: COPY … TO a file named at run time refused in environment "
          + environment + ": venv cannot tell whether it is a database file; write the path out");
    }
    String where = "venv: COPY … TO '" + path + "' refused in environment " + environment + ": ";
    if (path.isEmpty() || path.indexOf(':') >= 0 || path.startsWith("~")) {
      return new dev.venv.sql.Refusal("42000", where + "venv cannot tell where that writes; give a plain file path");
    }
    try {
      Path target = Path.of(path).toAbsolutePath().normalize();
      if (DatabaseFiles.holdsDatabase(target)) {
        return new dev.venv.sql.Refusal("42501", where + "it would write over a DuckDB database (venv's warehouse, or"
            + " another), and with it every environment in it");
      }
    } catch (RuntimeException | java.io.IOException e) {
      return new dev.venv.sql.Refusal("42000", where + "venv cannot look at it (" + e.getMessage() + ")");
    }
    return null;
  }

  @Override
  public void detach(Connection c, String alias) throws SQLException {
    execute(c, "DETACH " + quote(alias));
  }

  /** DuckDB's, in its system catalog: an attached file may have a schema information_schema. */
  @Override
  protected String sessionCatalogViews() {
    return "system.information_schema";
  }

  @Override
  public java.util.List<String> builtinFunctions(Connection c, java.util.List<String> names) throws SQLException {
    if (names.isEmpty()) {
      return java.util.List.of();
    }
    java.util.List<String> builtins = new java.util.ArrayList<>();
    // Built-ins by their catalog (see sessionPath): asked on the client's session, whose search path
    // may lead to an attached file's macros first.
    try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT DISTINCT function_name FROM"
        + " system.main.duckdb_functions() WHERE internal AND system.main.lower(function_name) IN ("
        + "?" + ", ?".repeat(names.size() - 1) + ")")) {
      for (int i = 0; i < names.size(); i++) {
        ps.setString(i + 1, names.get(i).toLowerCase(java.util.Locale.ROOT));
      }
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          builtins.add(rs.getString(1));
        }
      }
    }
    return builtins;
  }

  @Override
  public Connection open() throws SQLException {
    return database.connect();
  }

  @Override
  synchronized void release() throws SQLException {
    if (!closed) {
      closed = true;
      databases.release(database);
    }
  }

  /** Whether {@code url} names a DuckDB file that does not exist yet (opening it makes it). */
  static boolean fileMissing(String url) {
    try {
      return !java.nio.file.Files.exists(Path.of(fileOf(url)).toAbsolutePath().normalize());
    } catch (SQLException | RuntimeException e) {
      return false; // not a file: opening it will say why
    }
  }

  /** The database file, as the runtime's open databases know it. */
  Path databaseFile() {
    return Path.of(file);
  }

  /**
   * @throws SQLException {@code 3D000} naming the missing file, as PostgreSQL refuses a database
   *                      that does not exist; an {@link UnknownSettingException} first if the
   *                      settings hold a mistyped name, the likelier mistake
   */
  static void requireExistingFile(String url, Properties properties) throws SQLException {
    Path file = Path.of(fileOf(url)).toAbsolutePath().normalize();
    if (!java.nio.file.Files.exists(file)) {
      requireKnownSettings(properties);
      // No hint towards option models=: that would build a whole warehouse at a mistyped path.
      throw new SQLException("The DuckDB database " + file + " does not exist; check the path (nothing was created"
          + " there). To start a new warehouse at that path, create its first environment: venv create prod --url "
          + URL_PREFIX + file + " --models DIR", "3D000");
    }
  }

  /**
   * Refuses settings DuckDB does not know, without opening the file: DuckDB checks them when it
   * opens a database, so an in-memory one is opened with them (and without the read-only flags,
   * which an in-memory database refuses).
   */
  private static void requireKnownSettings(Properties properties) throws SQLException {
    Properties settings = new Properties();
    for (String key : properties.stringPropertyNames()) {
      if (!key.equalsIgnoreCase("access_mode") && !key.equalsIgnoreCase("duckdb.read_only")) {
        settings.setProperty(key, properties.getProperty(key));
      }
    }
    java.sql.Driver duckdb = BackendDrivers.find("org.duckdb.DuckDBDriver", URL_PREFIX);
    try (Connection memory = duckdb.connect(URL_PREFIX, settings)) {
      // known, all of them
    } catch (SQLException e) {
      java.util.List<String> unknown = BackendErrors.unrecognizedSettings(e.getMessage());
      if (!unknown.isEmpty()) {
        throw new UnknownSettingException("DuckDB", unknown, e);
      }
      // another trouble with a value: the connect that opens the file will meet it
    }
  }

  /** The file named in the URL, {@code ~} expanded as DuckDB expands it. */
  private static String fileOf(String url) throws SQLException {
    String file = url.substring(URL_PREFIX.length());
    int options = file.indexOf('?');
    if (options >= 0) {
      file = file.substring(0, options);
    }
    if (file.isEmpty() || file.startsWith(":memory:")) {
      throw new SQLException("venv needs a DuckDB database file, not an in-memory database: " + Urls.redact(url)
          + " (each connection to an in-memory DuckDB is a database of its own)", "08001");
    }
    if (file.equals("~") || file.startsWith("~/")) {
      String home = System.getenv("HOME") != null ? System.getenv("HOME") : System.getProperty("user.home");
      file = home + file.substring(1);
    }
    return file;
  }

  /**
   * The file's one name and this opening of it: what the runtime learnt of the file while it held
   * it open (routes, migration, model schemas) is learnt again once it was let go, since another
   * process may have written it, or deleted and made it anew, in between.
   */
  @Override
  public String database() {
    return identity;
  }

  /** The file, by its real path: the same in every process. */
  @Override
  protected String backendIdentity() {
    return "duckdb:" + realFile;
  }

  @Override
  public SqlDialect dialect() {
    return SqlDialect.DUCKDB;
  }

  @Override
  protected StateLock backendLock() {
    return lock;
  }

  @Override
  public int buildParallelism() {
    // DuckDB already runs one query on every core, and builds go in batches of a transaction
    // each: one batch at a time makes one commit (and one checkpoint) of a wave of tables, where
    // two made two and a third for the state, the tables' data written again each time.
    return 1;
  }

  @Override
  protected boolean backendTransactionalDdl() {
    return true;
  }

  @Override
  protected int ddlStatementsPerCall() {
    return 100;
  }

  /**
   * A probe rather than information_schema, which DuckDB answers by scanning its whole catalog:
   * with many environments that scan, once per build, would make a build's cost grow with the
   * number of environments.
   */
  @Override
  public boolean exists(Connection c, PhysicalName name) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeQuery("SELECT 1 FROM " + name.quoted() + " WHERE FALSE").close();
      return true;
    } catch (SQLException e) {
      if (e.getMessage() != null && e.getMessage().contains("Catalog Error")) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void loadSeed(Connection c, PhysicalName name, Path csv) throws SQLException {
    execute(c, "CREATE TABLE " + name.quoted() + " AS " + readCsv(csv));
  }

  @Override
  public void createEmptySeed(Connection c, PhysicalName name, Path csv) throws SQLException {
    execute(c, "CREATE TABLE " + name.quoted() + " AS " + readCsv(csv) + " LIMIT 0");
  }

  private static String readCsv(Path csv) {
    return "SELECT * FROM read_csv('" + csv.toAbsolutePath().toString().replace("'", "''") + "', header = true)";
  }

  /** DuckDB reports an empty search_path for its default: the current schema alone. */
  @Override
  public java.util.List<String> sessionPath(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        // system.main: an unqualified name resolves through the search path, where a file the
        // session attached may define a macro of that name answering whatever it likes
        java.sql.ResultSet rs = s.executeQuery(
            "SELECT system.main.current_setting('search_path'), system.main.current_schema()")) {
      rs.next();
      String path = rs.getString(1);
      if (path == null || path.isBlank()) {
        return java.util.List.of(rs.getString(2));
      }
      java.util.List<String> schemas = new java.util.ArrayList<>();
      for (String element : SearchPathText.parse(path)) {
        // catalog.schema: DuckDB resolves the schema in that catalog; venv's names are schemas
        int dot = element.lastIndexOf('.');
        schemas.add(dot < 0 ? element : element.substring(dot + 1));
      }
      return schemas;
    }
  }

  @Override
  public void setSessionPath(Connection c, java.util.List<String> schemas) throws SQLException {
    if (schemas.isEmpty()) {
      execute(c, "RESET search_path");
      return;
    }
    execute(c, "SET search_path = '" + SearchPathText.format(schemas).replace("'", "''") + "'");
  }
}
