package dev.venv.engine;

import dev.venv.state.StateLock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The writers' locks of each DuckDB file, for the whole process: the one piece of venv kept in a
 * static field, on purpose. DuckDB opens a file once per process, and any number of runtimes (data
 * sources, driver instances, in-process CLI runs, each with its own {@link Backends}) may write to
 * it; SPEC §6's "built once" holds only if they all take the same locks. DuckDB offers no lock of
 * its own to take, so the process's registry is the lock. An entry per file ever opened; tiny.
 */
final class DuckDbFileLocks {
  private static final ConcurrentHashMap<String, StateLock> BY_FILE = new ConcurrentHashMap<>();

  private DuckDbFileLocks() {}

  /** The locks of the database file at {@code absolutePath}. */
  static StateLock of(String absolutePath) {
    return BY_FILE.computeIfAbsent(absolutePath, k -> StateLock.inProcess());
  }
}
