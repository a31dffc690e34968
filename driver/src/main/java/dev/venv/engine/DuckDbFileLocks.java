package dev.venv.engine;

import dev.venv.state.JvmRegistry;
import dev.venv.state.StateLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The writers' locks of each DuckDB file, and the one name each file goes by, for the whole JVM:
 * the one piece of venv kept in static fields, on purpose. DuckDB opens a file once per process,
 * and any number of runtimes (data sources, driver instances, in-process CLI runs, each with its
 * own {@link Backends}) may write to it; SPEC §6's "built once" holds only if they all take the same
 * locks. DuckDB offers no lock of its own to take, so the process's registry is the lock. An entry
 * per file ever opened; tiny.
 *
 * <p>Another copy of venv's classes in the JVM (a second web application with the driver in its
 * own {@code WEB-INF/lib}) has static fields of its own, so what the copies must agree on lives in
 * the {@link JvmRegistry}: the locks' claims and write counts ({@link StateLock#inProcess}), and
 * each file's name.
 */
final class DuckDbFileLocks {
  private static final ConcurrentHashMap<String, StateLock> BY_FILE = new ConcurrentHashMap<>();

  private DuckDbFileLocks() {}

  /** The locks of the database file named {@code name} ({@link #name}). */
  static StateLock of(String name) {
    return BY_FILE.computeIfAbsent(name, k -> StateLock.inProcess("duckdb:" + name));
  }

  /**
   * The one name of a DuckDB file in this JVM: two links of one file are one database. DuckDB
   * tells open files apart by their path's text, so it would open the file twice, and each opening
   * would lose the other's writes. The first spelling a file was opened by stays its name, so that
   * a raw DuckDB connection spelled the same way shares the database; a file not made yet is named
   * by its real path. Ask again once the file is made.
   *
   * @param spelling the file as a URL names it, absolute (links and {@code ..} left for the OS)
   * @param realPath the same file with every link resolved
   */
  static String name(String spelling, String realPath) {
    Object identity = identity(realPath);
    if (identity == null) {
      return realPath; // not made yet
    }
    // a name whose file is gone, or is another file now (its inode used again), is forgotten
    return JvmRegistry.update("duckdbFile." + identity,
        known -> known != null && identity.equals(identity(known)) ? known : spelling);
  }

  private static Object identity(String path) {
    try {
      return Files.readAttributes(Path.of(path), BasicFileAttributes.class).fileKey();
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }
}
