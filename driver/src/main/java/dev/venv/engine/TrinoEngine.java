package dev.venv.engine;

import dev.venv.sql.BackendCatalog;
import dev.venv.sql.SqlDialect;
import dev.venv.state.PhysicalName;
import dev.venv.state.SqlWork;
import dev.venv.state.StateLock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Trino, the distributed backend (over Iceberg, say): one catalog of a cluster, named in the URL
 * ({@code jdbc:trino://host:port/catalog}).
 *
 * <p>Trino commits every statement on its own (DDL is autocommit-only: a transaction's first write
 * on Iceberg fails), so it keeps none of venv's state: the state, the locks and the
 * compare-and-set live in the PostgreSQL database of option {@code state}, which
 * {@link Backends#engine} requires. Objects are built under a temporary name and renamed
 * ({@code ALTER TABLE … RENAME TO}, a catalog update), and views change just before the state
 * commits: state is the truth, and a driver connection routes from one state read.
 *
 * <p>venv's names are qualified with the URL's catalog wherever a client's session reads them
 * ({@link #catalog()}): a client's {@code USE other.schema} cannot move what a routed name means.
 */
final class TrinoEngine extends Engine {
  static final String URL_PREFIX = "jdbc:trino:";
  private static final String DRIVER_CLASS = "io.trino.jdbc.TrinoDriver";
  /** Rows per {@code INSERT} of a seed: each is one Iceberg commit, so as many as a statement carries well. */
  private static final int SEED_ROWS_PER_INSERT = 1_000;

  private final Driver driver;
  /** The URL without {@code ?…}: its settings travel in the properties, where the owner's user can replace the client's. */
  private final String connectUrl;
  private final Properties client;
  private final Properties owner;
  private final String catalog;
  private final String database;

  /**
   * @param owner {@code user} (and {@code password}) venv's own work runs as, or {@code null}: the
   *              client's; with file-based access control the client's user then may only read
   */
  TrinoEngine(String url, Properties client, Properties owner) throws SQLException {
    super(url);
    Where where = Where.parse(url);
    this.catalog = where.catalog();
    this.database = "trino://" + where.hostAndPort() + "/" + where.catalog();
    this.driver = BackendDrivers.find(DRIVER_CLASS, url);
    Properties settings = new Properties();
    settings.putAll(client);
    // Trino's driver refuses a setting given both in the URL and as a property
    this.connectUrl = Urls.settingsToProperties(url, settings);
    requireKnownSettings(driver, settings);
    client = settings;
    this.client = client;
    if (owner == null) {
      this.owner = client;
    } else {
      Properties merged = new Properties();
      merged.putAll(client);
      merged.remove("user");
      merged.remove("password");
      merged.putAll(owner);
      this.owner = merged;
    }
  }

  /**
   * Refuses settings trino-jdbc does not know, as venv's own error (SQLState {@code 22023}, naming
   * venv's options and the near miss): trino-jdbc refuses them too, but as "Unrecognized connection
   * property" with no SQLState, which for a mistyped venv option ({@code modles=}) says nothing of
   * venv's. Properties as well as the URL: trino-jdbc takes no name it does not define from either.
   */
  private static void requireKnownSettings(Driver driver, Properties settings) throws SQLException {
    java.util.Set<String> known = knownSettings(driver);
    List<String> unknown = new java.util.ArrayList<>();
    for (String key : new java.util.TreeSet<>(settings.stringPropertyNames())) {
      if (!known.contains(key)) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw new UnknownSettingException("Trino's JDBC driver", unknown, null);
    }
  }

  /** The settings trino-jdbc defines, as its {@code getPropertyInfo} lists them (which opens nothing). */
  private static java.util.Set<String> knownSettings(Driver driver) throws SQLException {
    java.util.Set<String> names = new java.util.HashSet<>();
    for (java.sql.DriverPropertyInfo info : driver.getPropertyInfo("jdbc:trino://localhost:8080", new Properties())) {
      names.add(info.name);
    }
    return names;
  }

  /** Whether trino-jdbc defines a setting of that name; false when it is not on the class path. */
  static boolean driverDefines(String name) {
    try {
      Driver driver = BackendDrivers.find(DRIVER_CLASS, URL_PREFIX);
      return knownSettings(driver).contains(name);
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  /** Host, port and catalog of a Trino URL; a catalog is required: venv's schemas live in one. */
  record Where(String hostAndPort, String catalog) {
    static Where parse(String url) throws SQLException {
      String rest = url.substring(URL_PREFIX.length());
      if (!rest.startsWith("//")) {
        throw badUrl(url, "expected jdbc:trino://host:port/catalog");
      }
      rest = rest.substring(2);
      int query = rest.indexOf('?');
      String path = query < 0 ? rest : rest.substring(0, query);
      int slash = path.indexOf('/');
      String catalog = slash < 0 ? "" : path.substring(slash + 1);
      int next = catalog.indexOf('/');
      catalog = next < 0 ? catalog : catalog.substring(0, next);
      if (slash <= 0 || catalog.isEmpty()) {
        throw badUrl(url, "it names no catalog; venv keeps its schemas in one catalog: jdbc:trino://host:port/catalog");
      }
      return new Where(path.substring(0, slash).toLowerCase(Locale.ROOT), catalog.toLowerCase(Locale.ROOT));
    }

    private static SQLException badUrl(String url, String why) {
      return new SQLException("Trino URL " + Urls.redact(url) + ": " + why, "08001");
    }
  }

  @Override
  public SqlDialect dialect() {
    return SqlDialect.TRINO;
  }

  /** Never used: Backends refuses Trino without a state database, whose locks {@link #lock()} gives. */
  @Override
  protected StateLock backendLock() {
    return new StateLock() {
      @Override
      public <T> T withLock(Connection connection, String key, Duration timeout, SqlWork<T> work) throws SQLException {
        return withLocks(connection, List.of(key), timeout, work);
      }

      @Override
      public <T> T withLocks(Connection connection, Collection<String> keys, Duration timeout, SqlWork<T> work)
          throws SQLException {
        throw new SQLException("Trino has no locks of venv's: its state and locks live in the database of option state",
            "0A000");
      }
    };
  }

  @Override
  public int buildParallelism() {
    // each build mostly waits on the cluster (and a commit in the Iceberg catalog)
    return 4;
  }

  @Override
  public Connection open() throws SQLException {
    return connect(owner);
  }

  @Override
  public Connection openForClient() throws SQLException {
    return connect(client);
  }

  /** A session as {@code user} (the client's settings, another user): what {@code venv doctor} asks as. */
  Connection openAs(String user) throws SQLException {
    Properties properties = new Properties();
    properties.putAll(client);
    properties.remove("password");
    properties.setProperty("user", user);
    return connect(properties);
  }

  /** {@code "catalog"."schema"."table"}. */
  String qualified(PhysicalName name) {
    return quote(catalog) + "." + name.quoted();
  }

  @Override
  public IsolationReport checkIsolation(Connection c, java.util.Collection<PhysicalName> environmentViews,
      String clientRole) throws SQLException {
    return TrinoIsolation.check(this, c, environmentViews, clientRole);
  }

  private Connection connect(Properties properties) throws SQLException {
    return Urls.accepted(driver.connect(connectUrl, properties), "Trino", url());
  }

  @Override
  void release() {
    // nothing held: Trino's connections are HTTP clients of the driver's own
  }

  @Override
  public String database() {
    return database;
  }

  /** The URL's catalog: routed names carry it, so a session's {@code USE} cannot move them. */
  @Override
  public BackendCatalog catalog() {
    return new BackendCatalog(catalog, null);
  }

  /** The catalog's own information_schema, whatever catalog the client's session has moved to. */
  @Override
  protected String sessionCatalogViews() {
    return quote(catalog) + ".information_schema";
  }

  @Override
  public String environmentViewQuery(PhysicalName physical) {
    return "SELECT * FROM " + quote(catalog) + "." + physical.quoted();
  }

  /** Trino tells Iceberg's table type as {@code BASE TABLE} in information_schema, {@code TABLE} in JDBC metadata. */
  @Override
  public String jdbcTableType(String backendType) {
    return "BASE TABLE".equals(backendType) ? "TABLE" : backendType;
  }

  /**
   * The target qualified with the source's schema: Trino keeps an unqualified table target in the
   * source's schema but resolves an unqualified view target in the session's, which venv's own
   * connections do not set.
   */
  @Override
  public void rename(Connection c, PhysicalName from, String to, boolean view) throws SQLException {
    execute(c, "ALTER " + (view ? "VIEW " : "TABLE ") + from.quoted() + " RENAME TO "
        + new PhysicalName(from.schema(), to).quoted());
  }

  /** Trino has one current schema, no search path: the session's catalog's schema. */
  @Override
  public List<String> sessionPath(Connection c) throws SQLException {
    String schema = c.getSchema();
    return schema == null ? List.of() : List.of(schema.toLowerCase(Locale.ROOT));
  }

  /** The URL's schema ({@code …/catalog/schema}), which trino-jdbc keeps as the session's without asking. */
  @Override
  public List<String> startingSchemas(Connection client) throws SQLException {
    return sessionPath(client);
  }

  @Override
  public void setSessionPath(Connection c, List<String> schemas) throws SQLException {
    if (!catalog.equals(c.getCatalog())) {
      c.setCatalog(catalog);
    }
    c.setSchema(schemas.isEmpty() ? null : schemas.get(0));
  }

  @Override
  public void loadSeed(Connection c, PhysicalName name, Path csv) throws SQLException {
    CsvSeed seed = CsvSeed.read(csv);
    List<String> types = createSeedTable(c, name, seed);
    StringBuilder insert = new StringBuilder();
    int rows = 0;
    for (String[] row : seed.rows()) {
      insert.append(rows == 0 ? "INSERT INTO " + name.quoted() + " VALUES " : ", ").append('(');
      for (int i = 0; i < row.length; i++) {
        insert.append(i == 0 ? "" : ", ").append(literal(row[i], types.get(i)));
      }
      insert.append(')');
      if (++rows == SEED_ROWS_PER_INSERT) {
        execute(c, insert.toString());
        insert.setLength(0);
        rows = 0;
      }
    }
    if (rows > 0) {
      execute(c, insert.toString());
    }
  }

  @Override
  public void createEmptySeed(Connection c, PhysicalName name, Path csv) throws SQLException {
    createSeedTable(c, name, CsvSeed.read(csv));
  }

  /** Creates the seed's table; returns its columns' Trino types. */
  private static List<String> createSeedTable(Connection c, PhysicalName name, CsvSeed seed) throws SQLException {
    List<String> types = new java.util.ArrayList<>();
    StringBuilder create = new StringBuilder("CREATE TABLE ").append(name.quoted()).append(" (");
    for (int i = 0; i < seed.columns().size(); i++) {
      String type = trinoType(seed, i);
      types.add(type);
      create.append(i == 0 ? "" : ", ").append(quote(seed.columns().get(i).toLowerCase(Locale.ROOT))).append(' ')
          .append(type);
    }
    execute(c, create.append(')').toString());
    return types;
  }

  /**
   * The Trino type of a seed column as {@link CsvSeed} inferred it: PostgreSQL's NUMERIC becomes a
   * DECIMAL wide enough for every value's digits after the point (DOUBLE when one has an exponent).
   */
  private static String trinoType(CsvSeed seed, int column) {
    String type = seed.types().get(column);
    switch (type) {
      case "TEXT":
        return "VARCHAR";
      case "TIMESTAMP":
        return "TIMESTAMP(6)";
      case "NUMERIC": {
        int scale = 0;
        for (String[] row : seed.rows()) {
          String value = row[column] == null ? "" : row[column].strip();
          if (value.contains("e") || value.contains("E")) {
            return "DOUBLE";
          }
          int dot = value.indexOf('.');
          scale = Math.max(scale, dot < 0 ? 0 : value.length() - dot - 1);
        }
        return "DECIMAL(38, " + Math.min(scale, 18) + ")";
      }
      default:
        return type;
    }
  }

  /** A value as a typed SQL literal: strings quoted, {@code '} doubled; never spliced otherwise. */
  private static String literal(String value, String type) {
    if (value == null) {
      return "CAST(NULL AS " + type + ")";
    }
    return "CAST('" + value.strip().replace("'", "''") + "' AS " + type + ")";
  }
}
