package dev.venv.sql;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A set of model schema names, looked up by token without allocating: what routing consults for
 * every qualified name, to refuse a schema that holds models in some environment.
 */
public final class ModelSchemaSet {
  /** No model schema at all. */
  public static final ModelSchemaSet EMPTY = new ModelSchemaSet(Set.of());

  private final Set<String> names;
  private final IdentifierMap<String> index;

  private ModelSchemaSet(Set<String> names) {
    this.names = names;
    String[] keys = names.toArray(new String[0]);
    this.index = new IdentifierMap<>(keys, keys.clone());
  }

  /** The schemas of these model names ({@code schema.table}). */
  public static ModelSchemaSet ofModels(Collection<String> models) {
    Set<String> schemas = new TreeSet<>();
    for (String model : models) {
      int dot = model.indexOf('.');
      if (dot > 0) {
        schemas.add(model.substring(0, dot).toLowerCase(Locale.ROOT));
      }
    }
    return new ModelSchemaSet(java.util.Collections.unmodifiableSet(schemas));
  }

  public Set<String> names() {
    return names;
  }

  public boolean contains(String schema) {
    return names.contains(schema.toLowerCase(Locale.ROOT));
  }

  /** The schema token {@code i} names, when it is one of these; else null. */
  String lookup(SqlTokens tokens, int i) {
    return TokenNames.lookup(index, tokens, i);
  }
}
