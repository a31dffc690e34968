package dev.venv.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Tells DuckDB database files by their header, so that a session's file writes ({@code COPY … TO})
 * never land on one: the warehouse's own file, another venv warehouse's, or their write-ahead logs.
 */
final class DatabaseFiles {
  /** DuckDB's magic bytes, after the header's 8-byte checksum. */
  private static final byte[] MAGIC = {'D', 'U', 'C', 'K'};
  private static final int MAGIC_AT = 8;
  /** How deep, and how many entries, a folder is looked through before venv gives up and refuses. */
  private static final int MAX_DEPTH = 8;
  private static final int MAX_ENTRIES = 10_000;

  private DatabaseFiles() {}

  /**
   * Whether {@code target} is, or (a folder) holds, a DuckDB database or a {@code .wal}; a folder
   * too large to look through counts as holding one.
   */
  static boolean holdsDatabase(Path target) throws IOException {
    if (isDatabase(target) || isLog(target)) {
      return true;
    }
    if (!Files.isDirectory(target)) {
      return false;
    }
    try (Stream<Path> entries = Files.walk(target, MAX_DEPTH)) {
      Iterator<Path> it = entries.iterator();
      for (int n = 0; it.hasNext(); n++) {
        Path entry = it.next();
        if (n > MAX_ENTRIES || isDatabase(entry) || isLog(entry)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isLog(Path file) {
    Path name = file.getFileName();
    return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".wal");
  }

  private static boolean isDatabase(Path file) throws IOException {
    if (!Files.isRegularFile(file) || Files.size(file) < MAGIC_AT + MAGIC.length) {
      return false;
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(MAGIC_AT + MAGIC.length);
      for (int i = 0; i < MAGIC.length; i++) {
        if (head[MAGIC_AT + i] != MAGIC[i]) {
          return false;
        }
      }
      return true;
    }
  }
}
