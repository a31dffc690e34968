package dev.venv.state;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.duckdb.DuckDBConnection;

/**
 * An empty database of one backend for one test, with the connections and locks a state store
 * over it uses, and the queries a test asks of it directly.
 */
final class StateDatabase implements AutoCloseable {

  /** The backends the state store runs on; tests run over each. */
  enum Backend { DUCKDB, POSTGRES }

  private final Backend backend;
  private final String url;
  /**
   * The writers of this database share one space of locks, as one process's engines do (the
   * engines' own locks, PostgreSQL's advisory locks among them, are tested with the engines).
   */
  private final StateLock inProcess = StateLock.inProcess(UUID.randomUUID().toString());
  private DuckDBConnection anchor;

  private StateDatabase(Backend backend, String url) {
    this.backend = backend;
    this.url = url;
  }

  /**
   * A DuckDB file in {@code dir}, or the PostgreSQL test class's database emptied of state.
   *
   * <p>DuckDB: one file per test; connections are duplicates of one anchor, as the driver shares
   * one database per file in the JVM. PostgreSQL: one database per test class, so each test drops
   * what the previous one left.
   */
  static StateDatabase open(Backend backend, Path dir, PostgresTestDatabase pg) throws SQLException {
    if (backend == Backend.DUCKDB) {
      StateDatabase db = new StateDatabase(backend, "jdbc:duckdb:" + dir.resolve("state.db"));
      db.openAnchor();
      return db;
    }
    StateDatabase db = new StateDatabase(backend, pg.url());
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + Migrations.SCHEMA + " CASCADE");
      s.execute("DROP SCHEMA IF EXISTS test_layer CASCADE");
    }
    return db;
  }

  Backend backend() {
    return backend;
  }

  /** A new connection to the database. */
  Connection connect() throws SQLException {
    return backend == Backend.DUCKDB ? anchor.duplicate() : PostgresTestDatabase.connect(url);
  }

  /** The lock over this database that every store of it takes. */
  StateLock lock() {
    return inProcess;
  }

  /** A store over this database, with a lock of its own. */
  StateStore store() {
    return StateStore.jdbc(this::connect, lock());
  }

  /** A store over this database, migrated. */
  StateStore migratedStore() throws SQLException {
    StateStore store = store();
    store.migrate();
    return store;
  }

  /** Closes and opens the database again: for DuckDB, a restart of the process that holds the file. */
  void reopen() throws SQLException {
    if (anchor != null) {
      anchor.close();
      openAnchor();
    }
  }

  /** Every row of a query, each as its columns joined by '|'. */
  List<String> rows(String sql) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      List<String> rows = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
      return rows;
    }
  }

  long count(String table) throws SQLException {
    return Long.parseLong(rows("SELECT COUNT(*) FROM " + Migrations.SCHEMA + "." + table).get(0));
  }

  /** Row counts of every state table except the schema's own bookkeeping. */
  Map<String, Long> counts() throws SQLException {
    return Map.of(
        "snapshots", count("snapshots"),
        "physical_objects", count("physical_objects"),
        "plans", count("plans"),
        "plan_snapshots", count("plan_snapshots"),
        "environments", count("environments"));
  }

  void execute(String sql) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() throws SQLException {
    if (anchor != null) {
      anchor.close();
      anchor = null;
    }
  }

  @Override
  public String toString() {
    return backend + " " + url;
  }

  private void openAnchor() throws SQLException {
    anchor = new org.duckdb.DuckDBDriver().connect(url, new Properties()).unwrap(DuckDBConnection.class);
  }

  // --- sample records ---------------------------------------------------------------------------

  /** 64 hex chars derived from {@code seed}, like a real fingerprint. */
  static String fingerprint(String seed) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(seed.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A snapshot of {@code model} (schema.table) whose fingerprints derive from {@code seed}. */
  static Snapshot snapshot(String model, String seed) {
    String data = fingerprint("data " + seed);
    String version = data.substring(0, 16);
    String[] parts = model.split("\\.");
    return new Snapshot(model, fingerprint(model + ' ' + seed), data, fingerprint("meta " + seed),
        fingerprint("def " + seed), version, "FULL", PhysicalName.of(parts[0], parts[1], version),
        "SELECT 1 AS x", List.of(), "models/" + parts[0] + "/" + parts[1] + ".sql", Map.of(),
        Instant.parse("2024-01-02T03:04:05.678901Z"));
  }
}
