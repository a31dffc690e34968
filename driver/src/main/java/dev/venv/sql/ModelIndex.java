package dev.venv.sql;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The models a {@link ModelReferenceRewriter} looks for, indexed by schema and then table so
 * that a qualified name in SQL text is matched without allocating: most dotted names a client
 * sends ({@code o.amount}) fail at the schema lookup.
 */
final class ModelIndex {

  /** One model: its name as given ({@code schema.table}) and the text that replaces it. */
  record Target(String model, String replacement) {
  }

  private final IdentifierMap<IdentifierMap<Target>> schemas;

  private ModelIndex(IdentifierMap<IdentifierMap<Target>> schemas) {
    this.schemas = schemas;
  }

  /**
   * Builds the index.
   *
   * @param replacements model name {@code schema.table} (lower case) to replacement text
   * @throws IllegalArgumentException if a name is not {@code schema.table}, or two names differ
   *                                  only in case
   */
  static ModelIndex of(Map<String, String> replacements) {
    Map<String, Map<String, Target>> bySchema = new HashMap<>();
    replacements.forEach((name, replacement) -> {
      Objects.requireNonNull(name, "model name");
      Objects.requireNonNull(replacement, () -> "replacement for " + name);
      String model = name.toLowerCase(Locale.ROOT);
      int dot = model.indexOf('.');
      if (dot <= 0 || dot == model.length() - 1 || model.indexOf('.', dot + 1) >= 0) {
        throw new IllegalArgumentException(
            String.format("model name must be schema.table, was '%s'", name));
      }
      Target previous = bySchema.computeIfAbsent(model.substring(0, dot), s -> new HashMap<>())
          .put(model.substring(dot + 1), new Target(model, replacement));
      if (previous != null) {
        throw new IllegalArgumentException(
            String.format("model name '%s' given twice (names ignore case)", name));
      }
    });
    String[] schemaNames = bySchema.keySet().toArray(new String[0]);
    Object[] tableMaps = new Object[schemaNames.length];
    for (int i = 0; i < schemaNames.length; i++) {
      Map<String, Target> tables = bySchema.get(schemaNames[i]);
      tableMaps[i] = new IdentifierMap<Target>(
          tables.keySet().toArray(new String[0]), tables.values().toArray());
    }
    return new ModelIndex(new IdentifierMap<>(schemaNames, tableMaps));
  }

  /** Returns the model named by identifier tokens {@code schema} and {@code table}, or null. */
  Target lookup(SqlTokens tokens, int schema, int table) {
    IdentifierMap<Target> tables = find(schemas, tokens, schema);
    return tables == null ? null : find(tables, tokens, table);
  }

  /** Looks up the identifier that token {@code i} (a WORD or QUOTED_IDENTIFIER) names. */
  private static <V> V find(IdentifierMap<V> map, SqlTokens tokens, int i) {
    String sql = tokens.source();
    int start = tokens.start(i);
    int end = tokens.end(i);
    if (tokens.kind(i) == TokenKind.WORD) {
      return map.get(sql, start, end);
    }
    if (tokens.unterminatedAt() == start) {
      return null;
    }
    if (sql.charAt(start) != '"') {
      String name = QuotedIdentifiers.unicodeContent(sql, start, end);
      return name == null ? null : map.get(name, 0, name.length());
    }
    int from = start + 1;
    int to = end - 1;
    if (sql.indexOf('"', from) < to) {
      String name = QuotedIdentifiers.content(sql, start, end);
      return map.get(name, 0, name.length());
    }
    return map.get(sql, from, to);
  }
}
