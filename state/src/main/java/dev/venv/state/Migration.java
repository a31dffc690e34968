package dev.venv.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One versioned change of the state schema, kept as a SQL file beside this class
 * ({@code migrations/V<version>__<description>.sql}). Released migrations are never edited: a
 * change of schema is a new file and a new entry in {@link Migrations}.
 */
record Migration(int version, String description, String resource) {

  /** The statements of the file, split at semicolons that end a line. */
  List<String> statements() {
    String sql;
    try (InputStream in = Migration.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Migration resource missing from the jar: " + resource);
      }
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.endsWith(";")) {
        current.append(trimmed, 0, trimmed.length() - 1);
        statements.add(current.toString());
        current.setLength(0);
      } else {
        current.append(line).append('\n');
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString());
    }
    return statements;
  }
}
