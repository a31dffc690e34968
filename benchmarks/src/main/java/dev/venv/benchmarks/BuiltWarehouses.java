package dev.venv.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The scale benchmarks' warehouses built so far in this run, shared between its forks.
 *
 * <p>JMH runs each benchmark method, and each combination of parameters, in a fork of its own, and
 * every fork sets its state up anew. A scale warehouse takes minutes to build (prod of 10,000
 * models; 100 environments of 1,000), and four forks need each one (one per method of {@link
 * ScaleEnvironmentBenchmark}), so the first fork that builds one keeps a copy of the closed DuckDB
 * file here and later forks start from a copy of that copy.
 * A copy of a closed DuckDB file is the same database: venv's state names no file path.
 *
 * <p>{@link RunBenchmarks} makes the folder, hands it to the forks in the system property {@value
 * #PROPERTY}, and deletes it when the run ends, so a warehouse never outlives the build of the
 * driver it was made with. Without the property (the uber-jar run straight through JMH) nothing is
 * kept: every fork builds its own warehouse.
 */
final class BuiltWarehouses {
  /** The system property naming the run's folder of built warehouses. */
  static final String PROPERTY = "venv.bench.warehouses";

  private BuiltWarehouses() {}

  /** A new, empty folder for one run's warehouses. */
  static Path newRunFolder() throws IOException {
    return Files.createTempDirectory("venv-bench-warehouses");
  }

  /**
   * Copies the warehouse kept as {@code key} to {@code target} (a DuckDB file that must not exist
   * yet, with its write-ahead log if it had one). {@code false} when there is none.
   */
  static boolean copyTo(String key, Path target) {
    Path kept = file(key);
    if (kept == null || !Files.exists(kept)) {
      return false;
    }
    try {
      Files.copy(kept, target);
      Path wal = wal(kept);
      if (Files.exists(wal)) {
        Files.copy(wal, wal(target));
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Keeps a copy of {@code database}, a DuckDB file no connection has open, as {@code key}, unless
   * one is kept already or the run keeps none. The copy appears under its final name only when
   * complete, so a fork killed halfway leaves nothing a later fork could take for a warehouse.
   */
  static void keep(String key, Path database) {
    Path kept = file(key);
    if (kept == null || Files.exists(kept)) {
      return;
    }
    try {
      Files.createDirectories(kept.getParent());
      Path wal = wal(database);
      if (Files.exists(wal)) {
        Files.copy(wal, wal(kept), StandardCopyOption.REPLACE_EXISTING);
      }
      Path partial = kept.resolveSibling(kept.getFileName() + ".partial");
      Files.copy(database, partial, StandardCopyOption.REPLACE_EXISTING);
      Files.move(partial, kept, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file a warehouse is kept in, or {@code null} when this run keeps none. */
  private static Path file(String key) {
    String folder = System.getProperty(PROPERTY);
    return folder == null || folder.isBlank() ? null : Path.of(folder).resolve(key + ".duckdb");
  }

  private static Path wal(Path database) {
    return database.resolveSibling(database.getFileName() + ".wal");
  }
}
