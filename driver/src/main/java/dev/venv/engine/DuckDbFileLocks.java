package dev.venv.engine;

import dev.venv.state.StateLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The writers' locks of each DuckDB file, and the one name each file goes by, for the whole
 * process: the one piece of venv kept in static fields, on purpose. DuckDB opens a file once per
 * process, and any number of runtimes (data sources, driver instances, in-process CLI runs, each
 * with its own {@link Backends}) may write to it; SPEC §6's "built once" holds only if they all
 * take the same locks. DuckDB offers no lock of its own to take, so the process's registry is the
 * lock. An entry per file ever opened; tiny.
 *
 * <p>"The process" is this copy of venv's classes: a second copy in the JVM (another web
 * application with the driver in its own {@code WEB-INF/lib}) has registries of its own. Its
 * writes then go uncounted here, so connects read the state version instead of trusting the count
 * ({@link StateLock#writesCommitted()}); its builds do not wait for this copy's.
 */
final class DuckDbFileLocks {
  private static final ConcurrentHashMap<String, StateLock> BY_FILE = new ConcurrentHashMap<>();
  /** The first spelling each file (by its identity: device and inode) was opened by. */
  private static final ConcurrentHashMap<Object, String> NAME_BY_IDENTITY = new ConcurrentHashMap<>();

  private DuckDbFileLocks() {}

  /** The locks of the database file named {@code name} ({@link #name}). */
  static StateLock of(String name) {
    return BY_FILE.computeIfAbsent(name, k -> StateLock.inProcess());
  }

  /**
   * The one name of a DuckDB file in this process: two links of one file are one database. DuckDB
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
    return NAME_BY_IDENTITY.compute(identity, (id, known) -> known != null && id.equals(identity(known)) ? known
        : spelling);
  }

  private static Object identity(String path) {
    try {
      return Files.readAttributes(Path.of(path), BasicFileAttributes.class).fileKey();
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }
}
