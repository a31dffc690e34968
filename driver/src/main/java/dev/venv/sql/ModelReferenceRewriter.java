package dev.venv.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Finds qualified references to a fixed set of models in SQL text and replaces them by splicing
 * into the original text, so that everything else — comments, literals, parameters, formatting —
 * reaches the backend byte for byte (SPEC §7). SQL is never re-printed.
 *
 * <p>A reference is {@code schema.table} in any case, quoted or not, with whitespace or comments
 * allowed around the dot, also as the qualifier of a column ({@code schema.table.col}) or after a
 * catalog ({@code cat.schema.table}); only the {@code schema.table} part is replaced. Unqualified
 * names are never references here: they resolve through the session's schema. Nothing inside a
 * string, dollar-quoted string or comment is touched.
 *
 * <p>Instances are immutable and thread-safe; build one per environment and reuse it.
 */
public final class ModelReferenceRewriter {

  private final ModelIndex index;
  private final SqlDialect dialect;

  private ModelReferenceRewriter(ModelIndex index, SqlDialect dialect) {
    this.index = index;
    this.dialect = dialect;
  }

  /**
   * Creates a rewriter.
   *
   * @param replacements model name {@code schema.table} (lower case) to the text that replaces
   *                     the {@code schema.table} part of each reference, e.g.
   *                     {@code venv__staging.staging__orders__1a2b3c4d5e6f7a8b}
   * @param dialect      the backend dialect
   * @throws IllegalArgumentException if a name is not {@code schema.table}, or two names differ
   *                                  only in case
   */
  public static ModelReferenceRewriter of(Map<String, String> replacements, SqlDialect dialect) {
    Objects.requireNonNull(replacements, "replacements");
    Objects.requireNonNull(dialect, "dialect");
    return new ModelReferenceRewriter(ModelIndex.of(replacements), dialect);
  }

  /**
   * Returns {@code sql} with every model reference replaced. When nothing matches, returns the
   * very same instance, so callers can skip further work with an identity check.
   */
  public String rewrite(String sql) {
    ReferenceScan scan = scan(sql);
    return scan == null ? sql : scan.splice(sql);
  }

  /** Returns every model reference in {@code sql}, in source order. */
  public List<ModelReference> find(String sql) {
    ReferenceScan scan = scan(sql);
    if (scan == null) {
      return List.of();
    }
    List<ModelReference> references = new ArrayList<>(scan.count());
    for (int k = 0; k < scan.count(); k++) {
      ModelReference.Role role = switch (scan.role(k)) {
        case ReferenceScan.COLUMN_QUALIFIER -> ModelReference.Role.COLUMN_QUALIFIER;
        case ReferenceScan.TABLE_WITHOUT_ALIAS -> ModelReference.Role.TABLE_WITHOUT_ALIAS;
        default -> ModelReference.Role.NAME;
      };
      references.add(new ModelReference(scan.target(k).model(), scan.start(k), scan.end(k), role));
    }
    return Collections.unmodifiableList(references);
  }

  /** Returns the models {@code sql} references, in order of first appearance. */
  public Set<String> referencedModels(String sql) {
    Set<String> models = new LinkedHashSet<>();
    ReferenceScan scan = scan(sql);
    for (int k = 0; scan != null && k < scan.count(); k++) {
      models.add(scan.target(k).model());
    }
    return models;
  }

  private ReferenceScan scan(String sql) {
    Objects.requireNonNull(sql, "sql");
    // Every reference contains a dot; most short statements (SET, BEGIN, SELECT 1) have none.
    if (sql.indexOf('.') < 0) {
      return null;
    }
    return ReferenceScan.of(SqlLexer.lex(sql, dialect), index);
  }
}
