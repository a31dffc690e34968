package dev.venv.sql;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A fixed set of models, indexed by schema and then table so that a qualified name in SQL text is
 * matched without allocating: most dotted names a client sends ({@code o.amount}) fail at the
 * schema lookup. As a {@link NameResolver} it splices the models it holds and leaves every other
 * name alone — what building a plan's models needs.
 */
final class ModelIndex implements NameResolver {

  /**
   * One model: its name ({@code schema.table}), the text that replaces it where data is read now,
   * and the text that replaces it in a stored query (a view's body).
   */
  record Target(String model, String replacement, String storedReplacement) {
  }

  private final IdentifierMap<IdentifierMap<Target>> schemas;

  private ModelIndex(IdentifierMap<IdentifierMap<Target>> schemas) {
    this.schemas = schemas;
  }

  /**
   * Builds the index.
   *
   * @param replacements model name {@code schema.table} (lower case) to replacement text, used
   *                     for stored queries too
   * @throws IllegalArgumentException if a name is not {@code schema.table}, or two names differ
   *                                  only in case
   */
  static ModelIndex of(Map<String, String> replacements) {
    Map<String, Target> targets = new HashMap<>();
    replacements.forEach((name, replacement) -> {
      Objects.requireNonNull(replacement, () -> "replacement for " + name);
      targets.put(name, new Target(name.toLowerCase(Locale.ROOT), replacement, replacement));
    });
    return ofTargets(targets);
  }

  /** Builds the index of {@code targets}, by model name. */
  static ModelIndex ofTargets(Map<String, Target> targets) {
    Map<String, Map<String, Target>> bySchema = new HashMap<>();
    targets.forEach((name, target) -> {
      Objects.requireNonNull(name, "model name");
      String model = name.toLowerCase(Locale.ROOT);
      int dot = model.indexOf('.');
      if (dot <= 0 || dot == model.length() - 1 || model.indexOf('.', dot + 1) >= 0) {
        throw new IllegalArgumentException(
            String.format("model name must be schema.table, was '%s'", name));
      }
      Target previous = bySchema.computeIfAbsent(model.substring(0, dot), s -> new HashMap<>())
          .put(model.substring(dot + 1), target);
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
    IdentifierMap<Target> tables = TokenNames.lookup(schemas, tokens, schema);
    return tables == null ? null : TokenNames.lookup(tables, tokens, table);
  }

  /** The tables of one schema, looked up by token; null when the schema holds none of these models. */
  IdentifierMap<Target> tables(String schema) {
    return schemas.get(schema, 0, schema.length());
  }

  @Override
  public Object qualified(SqlTokens tokens, int schema, int table) {
    return lookup(tokens, schema, table);
  }
}
