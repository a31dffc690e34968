package dev.venv.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The database venv's objects live in, as a session can name it: DuckDB's catalog (the attached
 * file's alias) and its file. A session that detaches it, attaches it again, or attaches another
 * file under its name would change what every connection in the process reads.
 *
 * @param name the catalog's name, or {@code null} where sessions cannot switch databases (PostgreSQL)
 * @param file the database file, absolute and real, or {@code null}
 */
public record BackendCatalog(String name, Path file) {
  /** A backend whose sessions cannot attach or detach databases. */
  public static final BackendCatalog NONE = new BackendCatalog(null, null);

  /** Whether {@code path}, as a session would write it in {@code ATTACH 'path'}, is this database's file. */
  public boolean isFile(String path) {
    if (file == null || path == null) {
      return false;
    }
    String plain = path.regionMatches(true, 0, "duckdb:", 0, 7) ? path.substring(7) : path;
    try {
      Path candidate = Path.of(plain).toAbsolutePath().normalize();
      return Files.exists(candidate) ? Files.isSameFile(candidate, file) : candidate.equals(file);
    } catch (IOException | RuntimeException e) {
      return false; // not a path this process can open as a file: not the warehouse's
    }
  }

  /**
   * The real path of a database file, links resolved: every spelling of one file must reach one
   * open database and one set of locks. A file not made yet is named in its directory's real path,
   * through a link to it too.
   */
  public static Path realFile(Path file) {
    Path path = file.toAbsolutePath();
    try {
      for (int links = 0; links < 40; links++) {
        Path parent = path.getParent();
        Path real = parent != null && Files.isDirectory(parent)
            ? parent.toRealPath().resolve(path.getFileName()) : path.normalize();
        if (!Files.isSymbolicLink(real)) {
          return Files.exists(real) ? real.toRealPath() : real;
        }
        path = real.resolveSibling(Files.readSymbolicLink(real)); // a link to a file not made yet
      }
    } catch (IOException e) {
      // unreadable: the backend will say why when it opens the file
    }
    return path.normalize();
  }
}
