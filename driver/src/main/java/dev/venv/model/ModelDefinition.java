package dev.venv.model;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * One model as its file defines it, validated on its own (the repository checks the rest).
 *
 * @param name         {@code schema.table}, lower case
 * @param kind         how it is materialized
 * @param seed         the CSV of a SEED model, resolved against the model file's folder; else {@code null}
 * @param seedPath     the seed path as written in the header; else {@code null}
 * @param query        the query as written, without a trailing {@code ;} (empty for a seed)
 * @param queryLine    the line the query starts on
 * @param columns      declared columns, canonical, or {@code null}
 * @param metadata     owner, description, tags, grain, cron and unknown properties: name → value
 * @param file         the model file
 * @param relativePath the model file relative to the repository root, with {@code /} separators
 */
public record ModelDefinition(
    String name,
    ModelKind kind,
    Path seed,
    String seedPath,
    String query,
    int queryLine,
    String columns,
    Map<String, String> metadata,
    Path file,
    String relativePath) {

  public ModelDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    metadata = Map.copyOf(metadata);
  }

  /** The schema part of the name. */
  public String schema() {
    return name.substring(0, name.indexOf('.'));
  }

  /** The table part of the name. */
  public String table() {
    return name.substring(name.indexOf('.') + 1);
  }
}
