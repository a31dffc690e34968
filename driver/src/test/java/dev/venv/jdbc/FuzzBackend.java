package dev.venv.jdbc;

import dev.venv.engine.Engine;
import dev.venv.env.BuildProgress;
import dev.venv.env.Environments;
import dev.venv.sql.SqlDialect;
import dev.venv.testing.PostgresTestDatabase;
import dev.venv.testing.TrinoCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * One fresh backend database for one fuzz run: its URLs, venv's admin API on it, and a raw
 * backend connection (plain DuckDB or PgJDBC, never the venv driver) for the digest of everything
 * venv owns.
 */
abstract class FuzzBackend implements AutoCloseable {
  /** The user's own schema: never digested, always writable. */
  static final String SCRATCH = "scratch";

  final Environments environments;
  final Connection raw;

  private FuzzBackend(Environments environments, Connection raw) {
    this.environments = environments;
    this.raw = raw;
  }

  /** "duckdb", "postgresql" or "trino". */
  abstract String name();

  abstract boolean duckdb();

  /** Trino: one current schema (USE), no statement batches, no transactions that write. */
  boolean onTrino() {
    return false;
  }

  /** Whether a connection may start on a schema of the URL's {@code currentSchema=} (PostgreSQL's). */
  boolean currentSchemaOption() {
    return !duckdb() && !onTrino();
  }

  /** The environments venv's state records. */
  Set<String> environmentNames() throws SQLException {
    return new java.util.TreeSet<>(rows("SELECT name FROM venv_state.environments"));
  }

  abstract SqlDialect dialect();

  /** The backend URL without {@code jdbc:}, as it follows {@code jdbc:venv:<env>:}. */
  abstract String backendPart();

  /** The catalog (database) name, for catalog-qualified spellings. */
  abstract String catalog();

  /** The backend's default schema of a new session. */
  abstract String defaultSchema();

  /** Properties every venv connection takes (credentials). */
  abstract Properties properties();

  /** Schemas that are the user's or the system's: not venv's, not digested. */
  abstract Set<String> userSchemas();


  /** {@code jdbc:venv:<env>:<backend>} plus URL options. */
  String venvUrl(String env, String options) {
    return "jdbc:venv:" + env + ":" + backendPart() + (options == null || options.isEmpty() ? "" : "?" + options);
  }

  /** {@code jdbc:venv:<backend>?env=<env>&...}. */
  String venvUrlWithEnvOption(String env, String options) {
    return "jdbc:venv:" + backendPart() + "?env=" + env + (options == null || options.isEmpty() ? "" : "&" + options);
  }

  static FuzzBackend duckdb(Path dir) throws SQLException {
    Path file = dir.resolve("warehouse.db").toAbsolutePath();
    String url = "jdbc:duckdb:" + file;
    Environments environments = Environments.open(Engine.forUrl(url, new Properties()), BuildProgress.silent(),
        Duration.ofMinutes(2));
    Connection raw = environments.engine().open();
    return new DuckDb(environments, raw, file);
  }

  static FuzzBackend postgres() throws SQLException {
    String url = PostgresTestDatabase.freshDatabaseUrl();
    Properties properties = new Properties();
    properties.setProperty("user", PostgresTestDatabase.USER);
    properties.setProperty("password", PostgresTestDatabase.PASSWORD);
    Environments environments = Environments.open(Engine.forUrl(url, properties), BuildProgress.silent(),
        Duration.ofMinutes(2));
    Connection raw = PostgresTestDatabase.connect(url);
    return new Postgres(environments, raw, url, properties);
  }

  /**
   * The Trino cluster's catalog {@code fuzz} ({@code examples/trino/start}), the fuzzer's own: its
   * world fixes its schema names ({@code sales}, {@code marts}, {@code lab}), so a run gets a catalog
   * rather than a prefix, held alone through a PostgreSQL advisory lock on the Iceberg catalog's
   * database and emptied before and after. Clients connect as {@link TrinoCluster#OWNER}, whom Trino
   * lets do everything: the driver is the only guard, as on DuckDB, so a write it let through shows.
   */
  static FuzzBackend trino() throws SQLException {
    TrinoCluster.assumeAvailable();
    Connection lock = TrinoCluster.icebergCatalogConnection();
    try {
      try (Statement s = lock.createStatement()) {
        s.execute("SELECT pg_advisory_lock(" + Trino.LOCK + ")");
      }
      Connection raw = TrinoCluster.connect(TrinoCluster.OWNER);
      raw.setCatalog(Trino.CATALOG);
      // Emptied first (the last run's claim on the catalog too): opening the environments then
      // records this run's state database in it, before anything is digested.
      Trino.empty(raw);
      String state = PostgresTestDatabase.freshDatabaseUrl();
      Properties owner = new Properties();
      owner.setProperty("user", TrinoCluster.OWNER);
      String url = Trino.catalogUrl();
      Environments environments = Environments.open(Engine.forUrl(url, owner, null, dev.venv.engine.StateLocation.parse(
          state.substring("jdbc:".length()), PostgresTestDatabase.USER, PostgresTestDatabase.PASSWORD)),
          BuildProgress.silent(), Duration.ofMinutes(2));
      return new Trino(environments, raw, lock, state);
    } catch (SQLException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** Creates the user's scratch schema and tables; {@code orders} shares a model's table name. */
  void createScratch() throws SQLException {
    try (Statement s = raw.createStatement()) {
      s.execute("CREATE SCHEMA " + SCRATCH);
      s.execute("CREATE TABLE " + SCRATCH + ".notes (tag VARCHAR(64), n INTEGER)");
      s.execute("CREATE TABLE " + SCRATCH + ".orders (tag VARCHAR(64), n INTEGER)");
      s.execute("INSERT INTO " + SCRATCH + ".orders VALUES ('scratch.orders#0', 0)");
    }
  }

  /** Every row of a query through the raw connection, as {@code a|b}. */
  List<String> rows(String sql) throws SQLException {
    return dev.venv.testing.Rows.of(raw, sql);
  }

  /**
   * Rows of {@code key|value} as a map; {@code column <object> <position>} rows become one
   * {@code columns <object>} entry, a line per column.
   */
  static Map<String, String> collect(List<String> rows) {
    TreeMap<String, String> digest = new TreeMap<>();
    TreeMap<String, String> columns = new TreeMap<>();
    for (String row : rows) {
      int bar = row.indexOf('|');
      String key = row.substring(0, bar);
      if (key.startsWith("column ")) {
        columns.put(key.substring("column ".length()), row.substring(bar + 1));
      } else {
        digest.put(key, row.substring(bar + 1));
      }
    }
    TreeMap<String, StringBuilder> byObject = new TreeMap<>();
    columns.forEach((key, column) -> {
      StringBuilder b = byObject.computeIfAbsent(key.substring(0, key.lastIndexOf(' ')), k -> new StringBuilder());
      b.append(b.length() == 0 ? "" : "\n").append(column);
    });
    byObject.forEach((object, list) -> digest.put("columns " + object, list.toString()));
    return digest;
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** The rows part of the digest as last built, and the tables and columns it was built for. */
  private String rowsSql;
  private String rowsSignature;

  /**
   * The digest of everything venv owns: every object outside the user's schemas (venv__*, model
   * schemas, environment view schemas, venv_state) with its definition, columns and comments, and
   * the rows of every table (a view's rows follow from its definition and its tables). Only the
   * columns a connect legitimately changes ({@code last_used_at}, {@code expires_at} of
   * venv_state.environments) are left out.
   *
   * <p>One round trip when the tables are those of the last digest: the catalog query and the
   * rows query of the last table list run as one statement.
   */
  TreeMap<String, String> digest() throws SQLException {
    long start = System.nanoTime();
    try {
      String marker = changeMarker();
      if (!FULL_DIGESTS && last != null && marker.equals(lastMarker) && sinceFull < FULL_DIGEST_EVERY) {
        sinceFull++;
        return new TreeMap<>(last);
      }
      last = digestNow();
      lastMarker = marker;
      sinceFull = 0;
      fullDigests++;
      return new TreeMap<>(last);
    } finally {
      digestNanos += System.nanoTime() - start;
      digests++;
    }
  }

  /**
   * {@code -Dvenv.fuzz.fullDigests=true}: read everything after every step, even when the backend's
   * write-ahead log says nothing was committed since the last digest.
   */
  private static final boolean FULL_DIGESTS = Boolean.getBoolean("venv.fuzz.fullDigests");
  /** A full digest at least this often anyway. */
  private static final int FULL_DIGEST_EVERY = 50;
  private TreeMap<String, String> last;
  private String lastMarker;
  private int sinceFull;

  /** Time spent taking digests, how many, and how many read everything, for the run's summary. */
  long digestNanos;
  int digests;
  int fullDigests;

  /**
   * Something that changes whenever anything is committed to the backend: DuckDB's database and
   * write-ahead-log files (size and modification time), PostgreSQL's WAL insert position. Equal
   * markers mean nothing was committed in between, so the digest cannot have changed (every
   * committed change, DDL or DML, is written to the log first); unequal ones only cost a full read.
   */
  abstract String changeMarker() throws SQLException;

  private TreeMap<String, String> digestNow() throws SQLException {
    List<String> result = null;
    if (rowsSql != null) {
      try {
        result = rows(catalogSql() + "\nUNION ALL\n" + rowsSql);
      } catch (SQLException e) {
        result = null; // a table of the last digest is gone: read again below
      }
    }
    if (result == null) {
      result = catalogRows();
    }
    List<String> catalogRows = new ArrayList<>();
    List<String> rowRows = new ArrayList<>();
    for (String row : result) {
      (row.startsWith("row ") ? rowRows : catalogRows).add(row);
    }
    TreeMap<String, String> digest = new TreeMap<>(collect(catalogRows));
    filterCatalog(digest);
    if (!digestsRows()) {
      return digest;
    }
    List<String> tables = new ArrayList<>();
    Map<String, List<String>> columns = new TreeMap<>();
    digest.forEach((key, value) -> {
      // A view's rows follow from its definition (digested) and its tables' rows: tables are enough.
      if (key.startsWith("object ") && value.startsWith("TABLE")) {
        tables.add(key.substring("object ".length()));
      }
      if (key.startsWith("columns ")) {
        List<String> names = new ArrayList<>();
        for (String line : value.split("\n")) {
          names.add(line.substring(0, line.indexOf(' ')));
        }
        columns.put(key.substring("columns ".length()), names);
      }
    });
    StringBuilder signature = new StringBuilder();
    List<String> selects = new ArrayList<>();
    for (String table : tables) {
      signature.append(table).append(columns.getOrDefault(table, List.of())).append(';');
      selects.add(rowSelect(table, columns.getOrDefault(table, List.of())));
    }
    if (!signature.toString().equals(rowsSignature) || rowsSql == null) {
      rowsSignature = signature.toString();
      rowsSql = selects.isEmpty() ? null : String.join("\nUNION ALL\n", selects);
      rowRows = readRows(tables, selects);
    }
    Map<String, List<String>> rows = new TreeMap<>();
    for (String row : rowRows) {
      int bar = row.indexOf('|');
      rows.computeIfAbsent(row.substring("row ".length(), bar), k -> new ArrayList<>()).add(row.substring(bar + 1));
    }
    for (String table : tables) {
      List<String> list = new ArrayList<>(rows.getOrDefault(table, List.of()));
      java.util.Collections.sort(list);
      digest.put("rows " + table, String.join("\n", list));
    }
    return digest;
  }

  /** The rows of these tables; one by one when one of them cannot be read. */
  private List<String> readRows(List<String> tables, List<String> selects) throws SQLException {
    if (selects.isEmpty()) {
      return List.of();
    }
    try {
      return rows(String.join("\nUNION ALL\n", selects));
    } catch (SQLException failed) {
      List<String> all = new ArrayList<>();
      for (int i = 0; i < selects.size(); i++) {
        try {
          all.addAll(rows(selects.get(i)));
        } catch (SQLException e) {
          all.add("row " + tables.get(i) + "|UNREADABLE: " + firstLine(e.getMessage()));
        }
      }
      return all;
    }
  }

  /** The catalog part of the digest: one query of {@code key, value} rows. */
  abstract String catalogSql();

  /** The catalog part's rows, {@code key|value}. */
  List<String> catalogRows() throws SQLException {
    return rows(catalogSql());
  }

  /** Whether the digest reads every table's rows; not where the catalog part already changes with them. */
  boolean digestsRows() {
    return true;
  }

  /** Drops catalog entries that are the user's after all. */
  void filterCatalog(Map<String, String> digest) {}

  private static String rowSelect(String object, List<String> columns) {
    int dot = object.indexOf('.');
    String schema = object.substring(0, dot);
    String table = object.substring(dot + 1);
    StringBuilder row = new StringBuilder();
    for (String column : columns) {
      if (object.equals("venv_state.environments") && (column.equals("last_used_at") || column.equals("expires_at"))) {
        continue; // a connect records its use: not a change of the environment
      }
      row.append(row.length() == 0 ? "" : " || '|' || ").append("COALESCE(CAST(").append(quote(column))
          .append(" AS VARCHAR), '<null>')");
    }
    if (row.length() == 0) {
      row.append("''");
    }
    return "SELECT 'row " + object.replace("'", "''") + "', " + row + " FROM " + quote(schema) + "." + quote(table);
  }

  static String firstLine(String message) {
    if (message == null) {
      return "null";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  @Override
  public void close() throws SQLException {
    try {
      raw.close();
    } finally {
      environments.close();
    }
  }

  private static final class DuckDb extends FuzzBackend {
    private final Path file;

    DuckDb(Environments environments, Connection raw, Path file) {
      super(environments, raw);
      this.file = file;
    }

    @Override
    String name() {
      return "duckdb";
    }

    @Override
    String changeMarker() {
      return stat(file) + "/" + stat(Path.of(file + ".wal"));
    }

    private static String stat(Path path) {
      try {
        java.nio.file.attribute.BasicFileAttributes a =
            java.nio.file.Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class);
        return a.size() + "@" + a.lastModifiedTime().toInstant();
      } catch (java.io.IOException e) {
        return "none";
      }
    }

    @Override
    boolean duckdb() {
      return true;
    }

    @Override
    SqlDialect dialect() {
      return SqlDialect.DUCKDB;
    }

    @Override
    String backendPart() {
      return "duckdb:" + file;
    }

    @Override
    String catalog() {
      return "warehouse";
    }

    @Override
    String defaultSchema() {
      return "main";
    }

    @Override
    Properties properties() {
      return new Properties();
    }

    @Override
    Set<String> userSchemas() {
      return Set.of(SCRATCH, "main", "information_schema", "pg_catalog");
    }

    @Override
    String catalogSql() {
      String db = " database_name = current_database() AND schema_name NOT IN ('scratch', 'main', 'information_schema',"
          + " 'pg_catalog')";
      return "SELECT 'schema ' || schema_name, '' FROM duckdb_schemas() WHERE" + db
          + " UNION ALL SELECT 'object ' || schema_name || '.' || table_name, 'TABLE comment=' || COALESCE(comment, '')"
          + " FROM duckdb_tables() WHERE NOT temporary AND" + db
          + " UNION ALL SELECT 'object ' || schema_name || '.' || view_name, 'VIEW comment=' || COALESCE(comment, '')"
          + " || ' sql=' || COALESCE(sql, '') FROM duckdb_views() WHERE NOT internal AND NOT temporary AND" + db
          + " UNION ALL SELECT 'object ' || schema_name || '.' || index_name, 'INDEX on ' || table_name || ' '"
          + " || COALESCE(sql, '') FROM duckdb_indexes() WHERE" + db
          + " UNION ALL SELECT 'object ' || schema_name || '.' || sequence_name, 'SEQUENCE' FROM duckdb_sequences()"
          + " WHERE" + db
          + " UNION ALL SELECT 'column ' || schema_name || '.' || table_name || ' ' || lpad(CAST(column_index AS VARCHAR),"
          + " 4, '0'), column_name || ' ' || data_type || ' comment=' || COALESCE(comment, '') FROM duckdb_columns()"
          + " WHERE" + db;
    }
  }

  private static final class Trino extends FuzzBackend {
    static final String CATALOG = "fuzz";
    /** The advisory lock that gives one run at a time the catalog. */
    static final long LOCK = 7_010_107_015L;
    private final Connection lock;
    private final String state;

    Trino(Environments environments, Connection raw, Connection lock, String state) {
      super(environments, raw);
      this.lock = lock;
      this.state = state;
    }

    /** {@link TrinoCluster#URL} with the catalog {@code fuzz} for its own. */
    static String catalogUrl() {
      return TrinoCluster.catalogUrl(CATALOG);
    }

    /** Drops every table, view and schema of the catalog: what a run (or a killed one) left. */
    void empty() throws SQLException {
      empty(raw);
    }

    /** Drops every table, view and schema of the fuzzer's catalog. */
    static void empty(Connection raw) throws SQLException {
      TrinoCluster.emptyCatalog(raw, CATALOG);
    }

    @Override
    String name() {
      return "trino";
    }

    @Override
    boolean duckdb() {
      return false;
    }

    @Override
    boolean onTrino() {
      return true;
    }

    @Override
    SqlDialect dialect() {
      return SqlDialect.TRINO;
    }

    /** Sessions start in the user's schema (a Trino session otherwise has none). */
    @Override
    String backendPart() {
      String url = catalogUrl().substring("jdbc:".length());
      int query = url.indexOf('?');
      return query < 0 ? url + "/" + SCRATCH : url.substring(0, query) + "/" + SCRATCH + url.substring(query);
    }

    @Override
    String catalog() {
      return CATALOG;
    }

    @Override
    String defaultSchema() {
      return SCRATCH;
    }

    @Override
    Properties properties() {
      Properties p = new Properties();
      p.setProperty("user", TrinoCluster.OWNER);
      p.setProperty("state", state.substring("jdbc:".length()));
      p.setProperty("state_user", PostgresTestDatabase.USER);
      p.setProperty("state_password", PostgresTestDatabase.PASSWORD);
      return p;
    }

    @Override
    Set<String> userSchemas() {
      return Set.of(SCRATCH, "information_schema", "system");
    }

    @Override
    Set<String> environmentNames() throws SQLException {
      try (Connection c = PostgresTestDatabase.connect(state)) {
        return new java.util.TreeSet<>(dev.venv.testing.Rows.of(c, "SELECT name FROM venv_state.environments"));
      }
    }

    /** Every commit of a table, view or schema of the catalog replaces a row of the Iceberg catalog's database. */
    @Override
    String changeMarker() throws SQLException {
      try (Statement s = lock.createStatement();
          ResultSet rs = s.executeQuery("SELECT (SELECT md5(string_agg(table_namespace || '.' || table_name || '='"
              + " || COALESCE(metadata_location, ''), ',' ORDER BY table_namespace, table_name)) FROM iceberg_tables"
              + " WHERE catalog_name = 'venv_fuzz') || '/' || (SELECT md5(string_agg(namespace || '.' || property_key"
              + " || '=' || COALESCE(property_value, ''), ',' ORDER BY namespace, property_key))"
              + " FROM iceberg_namespace_properties WHERE catalog_name = 'venv_fuzz')")) {
        rs.next();
        return String.valueOf(rs.getString(1));
      }
    }

    /**
     * The Iceberg catalog's own record of the catalog, one PostgreSQL query: every schema with its
     * properties, every table and view with its current metadata file, which any commit replaces
     * (rows, columns, comments, properties, a view's text). Reading the same through Trino
     * (information_schema, every table's rows) took ~7 s a digest on the examples/trino cluster.
     */
    @Override
    List<String> catalogRows() throws SQLException {
      return dev.venv.testing.Rows.of(lock, "SELECT 'schema ' || namespace, string_agg(property_key || '='"
          + " || COALESCE(property_value, ''), ',' ORDER BY property_key) FROM iceberg_namespace_properties"
          + " WHERE catalog_name = 'venv_fuzz' AND namespace NOT IN ('scratch') GROUP BY namespace"
          + " UNION ALL SELECT 'object ' || table_namespace || '.' || table_name, CASE WHEN iceberg_type = 'VIEW'"
          + " THEN 'VIEW ' ELSE 'TABLE ' END || COALESCE(metadata_location, '') FROM iceberg_tables"
          + " WHERE catalog_name = 'venv_fuzz' AND table_namespace NOT IN ('scratch')");
    }

    @Override
    boolean digestsRows() {
      return false;
    }

    /** What {@link #catalogRows} reads, through Trino: for reading it by hand. */
    @Override
    String catalogSql() {
      // system: the Iceberg connector's own tables (system.iceberg_tables)
      String notUser = " NOT IN ('scratch', 'information_schema', 'system')";
      return "SELECT 'schema ' || schema_name, '' FROM " + CATALOG + ".information_schema.schemata WHERE schema_name"
          + notUser
          + " UNION ALL SELECT 'object ' || t.table_schema || '.' || t.table_name, CASE WHEN t.table_type = 'VIEW'"
          + " THEN 'VIEW sql=' || COALESCE(v.view_definition, '') ELSE 'TABLE' END || ' comment='"
          + " || COALESCE(c.comment, '') FROM " + CATALOG + ".information_schema.tables t LEFT JOIN " + CATALOG
          + ".information_schema.views v ON v.table_schema = t.table_schema AND v.table_name = t.table_name"
          + " LEFT JOIN system.metadata.table_comments c ON c.catalog_name = '" + CATALOG + "'"
          + " AND c.schema_name = t.table_schema AND c.table_name = t.table_name WHERE t.table_schema" + notUser
          + " UNION ALL SELECT 'column ' || table_schema || '.' || table_name || ' '"
          + " || lpad(CAST(ordinal_position AS VARCHAR), 4, '0'), column_name || ' ' || data_type || ' comment='"
          + " || COALESCE(comment, '') FROM " + CATALOG + ".information_schema.columns WHERE table_schema" + notUser;
    }

    @Override
    public void close() throws SQLException {
      try {
        try {
          empty();
        } finally {
          super.close();
        }
      } finally {
        try {
          PostgresTestDatabase.dropDatabase(state);
        } finally {
          lock.close(); // and with it the advisory lock
        }
      }
    }
  }

  private static final class Postgres extends FuzzBackend {
    private final String url;
    private final Properties properties;

    Postgres(Environments environments, Connection raw, String url, Properties properties) {
      super(environments, raw);
      this.url = url;
      this.properties = properties;
    }

    @Override
    String name() {
      return "postgresql";
    }

    @Override
    String changeMarker() throws SQLException {
      return rows("SELECT pg_current_wal_insert_lsn()::text").get(0);
    }

    @Override
    boolean duckdb() {
      return false;
    }

    @Override
    SqlDialect dialect() {
      return SqlDialect.POSTGRES;
    }

    @Override
    String backendPart() {
      return url.substring("jdbc:".length());
    }

    @Override
    String catalog() {
      return PostgresTestDatabase.databaseName(url);
    }

    @Override
    String defaultSchema() {
      return "public";
    }

    @Override
    Properties properties() {
      Properties copy = new Properties();
      copy.putAll(properties);
      return copy;
    }

    @Override
    Set<String> userSchemas() {
      return Set.of(SCRATCH, "public", "information_schema", "pg_catalog", "pg_toast");
    }

    @Override
    String catalogSql() {
      String notUser = " NOT IN ('scratch', 'public', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'";
      return "SELECT 'schema ' || n.nspname, 'owner=' || pg_get_userbyid(n.nspowner)"
          + " FROM pg_namespace n WHERE n.nspname" + notUser
          + " UNION ALL SELECT 'object ' || n.nspname || '.' || c.relname,"
          + " CASE WHEN c.relkind IN ('r', 'p', 'f') THEN 'TABLE' WHEN c.relkind IN ('v', 'm') THEN 'VIEW'"
          + " ELSE 'RELKIND ' || c.relkind::text END"
          + " || ' owner=' || pg_get_userbyid(c.relowner) || ' acl=' || COALESCE(c.relacl::text, '')"
          + " || ' comment=' || COALESCE(obj_description(c.oid, 'pg_class'), '')"
          + " || CASE WHEN c.relkind IN ('v', 'm') THEN ' sql=' || pg_get_viewdef(c.oid) ELSE '' END"
          + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'i', 'S') AND n.nspname" + notUser
          + " UNION ALL SELECT 'column ' || n.nspname || '.' || c.relname || ' ' || lpad(a.attnum::text, 4, '0'),"
          + " a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' comment='"
          + " || COALESCE(col_description(c.oid, a.attnum), '')"
          + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'f', 'v', 'm') AND n.nspname" + notUser
          // what else can hang on venv's tables: triggers, rules, statistics, policies
          + " UNION ALL SELECT 'trigger ' || tgrelid::regclass::text || ' ' || tgname, '' FROM pg_trigger"
          + " WHERE NOT tgisinternal"
          + " UNION ALL SELECT 'rule ' || ev_class::regclass::text || ' ' || rulename, '' FROM pg_rewrite"
          + " WHERE rulename <> '_RETURN'"
          + " UNION ALL SELECT 'statistics ' || n.nspname || '.' || s.stxname, '' FROM pg_statistic_ext s"
          + " JOIN pg_namespace n ON n.oid = s.stxnamespace"
          + " UNION ALL SELECT 'policy ' || polrelid::regclass::text || ' ' || polname, '' FROM pg_policy";
    }

    @Override
    void filterCatalog(Map<String, String> digest) {
      digest.keySet().removeIf(k -> !k.startsWith("schema ") && !k.startsWith("object ") && !k.startsWith("columns ")
          && k.contains(" scratch."));
    }

    @Override
    public void close() throws SQLException {
      try {
        super.close();
      } finally {
        PostgresTestDatabase.dropDatabase(url);
      }
    }
  }
}
