package dev.venv.benchmarks;

import dev.venv.benchmarks.RepositoryGenerator.Kind;
import dev.venv.benchmarks.RepositoryGenerator.Shape;
import dev.venv.env.Environments;
import dev.venv.model.ModelRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * What a first build writes to DuckDB's write-ahead log, venv against the same DDL without it
 * ({@link ScaleBuildBenchmark}'s two sides): a measure in bytes, where the benchmark's times are
 * noisy on a shared machine. DuckDB checkpoints on the commit that takes its log past {@code
 * checkpoint_threshold} (16 MB), inside whichever side's timing that is; the log's size tells how
 * near each side is. Each side runs on a fresh, checkpointed file with the automatic checkpoint
 * off, so the log holds all it wrote; then venv's state alone is copied into another fresh state
 * to tell its share. Times are one shot each, for orientation only.
 *
 * <pre>java -cp … dev.venv.benchmarks.FirstBuildWal [models=5000] [kind=VIEW] [shape=deep] [threshold=1TB]</pre>
 *
 * {@code threshold=16MB} keeps DuckDB's automatic checkpoint, as the benchmark does.
 */
public final class FirstBuildWal {
  /** The state's tables whose rows a build writes; the schema's bookkeeping is the migration's. */
  private static final List<String> NOT_COPIED = List.of("schema_version", "state_version");

  private FirstBuildWal() {}

  public static void main(String[] args) throws Exception {
    int models = 5000;
    String kind = "VIEW";
    String shape = "deep";
    String threshold = "1TB";
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      switch (kv[0]) {
        case "models" -> models = Integer.parseInt(kv[1]);
        case "kind" -> kind = kv[1];
        case "shape" -> shape = kv[1];
        case "threshold" -> threshold = kv[1];
        default -> throw new IllegalArgumentException("unknown argument " + arg);
      }
    }
    Path dir = Files.createTempDirectory("venv-first-build-wal");
    try {
      ModelRepository repository = ModelRepository.load(RepositoryGenerator.generate(dir.resolve("repo"), models,
          Kind.of(kind), Shape.of(shape)).root());
      Path venvFile = Files.createDirectories(dir.resolve("venv")).resolve("warehouse.duckdb");
      Path plainFile = Files.createDirectories(dir.resolve("plain")).resolve("plain.duckdb");
      Path stateFile = Files.createDirectories(dir.resolve("state")).resolve("state.duckdb");

      long venvWal;
      long venvNanos;
      long venvCheckpointNanos;
      try (Environments environments = ScaleWarehouse.openEnvironments(venvFile);
          Connection raw = connect(venvFile)) {
        prepare(raw, threshold);
        long start = System.nanoTime();
        environments.create(repository, "prod", "prod", null);
        venvNanos = System.nanoTime() - start;
        venvWal = wal(venvFile);
        venvCheckpointNanos = checkpoint(raw);
      }
      long plainWal;
      PlainDdl.FirstBuildTimes plainTimes;
      long plainCheckpointNanos;
      try (Connection plain = connect(plainFile)) {
        prepare(plain, threshold);
        plainTimes = PlainDdl.firstBuild(plain, repository);
        plainWal = wal(plainFile);
        plain.setAutoCommit(true);
        plainCheckpointNanos = checkpoint(plain);
      }
      // venv's state alone: its rows copied into a fresh state schema in one transaction
      long stateWal;
      List<String> tables = new ArrayList<>();
      try (Environments fresh = ScaleWarehouse.openEnvironments(stateFile); Connection c = connect(stateFile);
          Statement s = c.createStatement()) {
        prepare(c, threshold);
        s.execute("ATTACH '" + venvFile + "' AS built (READ_ONLY)");
        // a transaction per table, to tell each one's share of the log
        List<String> stateTables = stateTables(s);
        c.setAutoCommit(false);
        for (String table : stateTables) {
          long before = wal(stateFile);
          s.execute("INSERT INTO venv_state." + table + " SELECT * FROM built.venv_state." + table);
          long rows;
          try (ResultSet rs = s.executeQuery("SELECT count(*) FROM venv_state." + table)) {
            rs.next();
            rows = rs.getLong(1);
          }
          c.commit();
          tables.add(String.format(Locale.ROOT, "%s %,d rows %,d B", table, rows, wal(stateFile) - before));
        }
        stateWal = wal(stateFile);
        if (System.getProperty("columns") != null) { // -Dcolumns: each text column's mean bytes
          for (String table : stateTables) {
            System.out.println(table + ": " + columnBytes(s, table));
          }
        }
      }
      System.out.printf(Locale.ROOT, "%d %s %s models, checkpoint_threshold %s%n", models, kind, shape, threshold);
      System.out.printf(Locale.ROOT, "WAL bytes  venv %,d (%,d per model)  raw %,d (%,d per model)  ratio %.2f%n",
          venvWal, venvWal / models, plainWal, plainWal / models, (double) venvWal / plainWal);
      System.out.printf(Locale.ROOT, "state alone %,d (%,d per model); rows: %s%n", stateWal, stateWal / models,
          String.join(", ", tables));
      System.out.printf(Locale.ROOT, "time ms    venv %.0f + checkpoint %.0f  raw %.0f (objects %.0f) + checkpoint %.0f"
          + "  ratio %.2f, with checkpoints %.2f%n", venvNanos / 1e6, venvCheckpointNanos / 1e6,
          plainTimes.totalNanos() / 1e6, plainTimes.objectsNanos() / 1e6, plainCheckpointNanos / 1e6,
          (double) venvNanos / plainTimes.totalNanos(),
          (double) (venvNanos + venvCheckpointNanos) / (plainTimes.totalNanos() + plainCheckpointNanos));
    } finally {
      TempFiles.deleteTree(dir);
    }
  }

  private static Connection connect(Path file) throws SQLException {
    return new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:" + file, new Properties());
  }

  /** A checkpointed file, and the log's threshold: all a side writes stays in the log when it is high. */
  private static void prepare(Connection c, String threshold) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET checkpoint_threshold = '" + threshold + "'");
      s.execute("CHECKPOINT");
    }
  }

  private static long checkpoint(Connection c) throws SQLException {
    long start = System.nanoTime();
    try (Statement s = c.createStatement()) {
      s.execute("CHECKPOINT");
    }
    return System.nanoTime() - start;
  }

  private static long wal(Path file) throws Exception {
    Path wal = file.resolveSibling(file.getFileName() + ".wal");
    return Files.exists(wal) ? Files.size(wal) : 0;
  }

  /** Each text column's mean bytes per row. */
  private static String columnBytes(Statement s, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (ResultSet rs = s.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_catalog = "
        + "current_database() AND table_schema = 'venv_state' AND table_name = '" + table + "' AND data_type = 'VARCHAR'")) {
      while (rs.next()) {
        columns.add(rs.getString(1));
      }
    }
    List<String> means = new ArrayList<>();
    for (String column : columns) {
      try (ResultSet rs = s.executeQuery("SELECT avg(strlen(" + column + ")) FROM venv_state." + table)) {
        rs.next();
        means.add(String.format(Locale.ROOT, "%s %.0f", column, rs.getDouble(1)));
      }
    }
    return String.join(", ", means);
  }

  private static List<String> stateTables(Statement s) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_catalog = 'built'"
        + " AND table_schema = 'venv_state' ORDER BY table_name")) {
      while (rs.next()) {
        if (!NOT_COPIED.contains(rs.getString(1))) {
          tables.add(rs.getString(1));
        }
      }
    }
    return tables;
  }
}
