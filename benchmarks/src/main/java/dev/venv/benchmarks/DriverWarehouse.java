package dev.venv.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

/**
 * A DuckDB file whose prod environment holds a small generated repository, for the driver
 * benchmarks: a FULL model {@code bench.points} ({@code id, v, s} over {@code range(rows)}) and
 * the eight TPC-H tables as VIEW models in schema {@code tpch} (one row each: only their names
 * matter, to the router).
 *
 * <p>Prod is created the way an application would create it: by connecting once to
 * {@code jdbc:venv:prod:duckdb:<file>?models=<dir>}. That connection stays open ({@link #venv()}),
 * so the DuckDB instance stays open in this JVM as it would in an application; {@link #raw()} is
 * a plain DuckDB connection to the same file opened after it, so both share one DuckDB instance.
 */
final class DriverWarehouse implements AutoCloseable {
  static final String POINTS = "bench.points";
  /** The TPC-H tables, each a model {@code tpch.<name>}. */
  static final String[] TPCH = {"part", "supplier", "partsupp", "customer", "orders", "lineitem", "nation", "region"};

  private final Path dir;
  private final Path file;
  private final Connection venv;
  private final Connection raw;
  private final Map<String, String> physical;

  private DriverWarehouse(Path dir, Path file, Connection venv, Connection raw, Map<String, String> physical) {
    this.dir = dir;
    this.file = file;
    this.venv = venv;
    this.raw = raw;
    this.physical = physical;
  }

  /**
   * Writes the repository, creates prod through the driver, and opens the raw connection.
   *
   * @param rows  rows of {@code bench.points}
   * @param index whether to create an index on {@code bench.points}' physical table's {@code id}
   */
  static DriverWarehouse create(int rows, boolean index) throws Exception {
    Path dir = Files.createTempDirectory("venv-bench-driver");
    Path models = dir.resolve("models");
    Files.createDirectories(models.resolve("bench"));
    Files.createDirectories(models.resolve("tpch"));
    Files.writeString(models.resolve("bench/points.sql"), "MODEL (name " + POINTS + ", kind FULL);\n"
        + "SELECT range AS id, range * 2 AS v, md5(range::VARCHAR) AS s FROM range(" + rows + ")\n",
        StandardCharsets.UTF_8);
    for (String table : TPCH) {
      Files.writeString(models.resolve("tpch/" + table + ".sql"), "MODEL (name tpch." + table + ", kind VIEW);\n"
          + "SELECT range AS " + table + "_key FROM range(1)\n", StandardCharsets.UTF_8);
    }
    Path file = dir.resolve("w.db");
    Connection venv = DriverManager.getConnection("jdbc:venv:prod:duckdb:" + file + "?models=" + models);
    Connection raw = null;
    try {
      // After the venv connection: DuckDB's instance cache hands this one the same database.
      raw = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:" + file, new Properties());
      Map<String, String> physical = new LinkedHashMap<>();
      try (Statement s = raw.createStatement();
          ResultSet rs = s.executeQuery("SELECT o.model, o.physical_schema, o.physical_table"
              + " FROM venv_state.physical_objects o ORDER BY o.model")) {
        while (rs.next()) {
          physical.put(rs.getString(1), quote(rs.getString(2)) + "." + quote(rs.getString(3)));
        }
      }
      if (!physical.containsKey(POINTS) || physical.size() != 1 + TPCH.length) {
        throw new IllegalStateException("prod's physical objects are not the repository's: " + physical);
      }
      if (index) {
        // venv refuses DDL on its objects; a raw connection to the same database does not ask.
        try (Statement s = raw.createStatement()) {
          s.execute("CREATE INDEX points_id ON " + physical.get(POINTS) + " (id)");
        }
      }
      return new DriverWarehouse(dir, file, venv, raw, physical);
    } catch (Exception e) {
      if (raw != null) {
        raw.close();
      }
      venv.close();
      TempFiles.deleteTree(dir);
      throw e;
    }
  }

  /** The DuckDB file. */
  Path file() {
    return file;
  }

  /** The connection that created prod, kept open: {@code jdbc:venv:prod:duckdb:<file>}. */
  Connection venv() {
    return venv;
  }

  /** A raw DuckDB connection to the same database. */
  Connection raw() {
    return raw;
  }

  /** Prod's physical object of a model, quoted: {@code "venv__bench"."bench__points__<version>"}. */
  String physical(String model) {
    return physical.get(model);
  }

  /** Model name to prod's physical object, quoted: what the router replaces references with. */
  Map<String, String> physicalByModel() {
    return physical;
  }

  @Override
  public void close() throws SQLException {
    try {
      raw.close();
    } finally {
      venv.close();
      TempFiles.deleteTree(dir);
    }
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /**
   * {@code 0 .. n-1} shuffled with a fixed seed: the ids the query benchmarks look up, the same
   * sequence in every fork, each id once per {@code n} invocations (so a text made from one is new).
   */
  static int[] shuffledIds(int n) {
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i;
    }
    SplittableRandom random = new SplittableRandom(20_240_601L);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = ids[i];
      ids[i] = ids[j];
      ids[j] = t;
    }
    return ids;
  }
}
