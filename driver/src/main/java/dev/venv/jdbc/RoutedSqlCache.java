package dev.venv.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.venv.sql.RoutedTemplate;
import dev.venv.sql.SessionPath;
import dev.venv.sql.SqlRouter;

/**
 * Routed texts by route, model-schema generation, session path and text: a hit is one hash lookup,
 * a miss the lexer and the splice. Weighed by characters, not counted by entries: a BI tool that
 * inlines literals sends every query as a new text, and 20,000 long texts would pin hundreds of MB.
 *
 * <p>Beside them, the routings of text shapes (texts with their numbers masked): a BI tool's texts
 * that differ only in their numbers are each a miss of the first map, and a hit of the second
 * costs the lexer and the splice, not the classifier and the name scan. Texts answered by their
 * shape are not kept in the first map: their shape answers them again, in one entry for all.
 */
final class RoutedSqlCache {
  /** About 32 MB of strings at two bytes a character, less where they are Latin-1. */
  static final long DEFAULT_CHARACTERS = 16_000_000;
  /** What an entry costs beyond its two texts: key, result and the cache's own node. */
  private static final int ENTRY_OVERHEAD = 64;

  record Key(EnvironmentRoute route, int schemas, SessionPath path, String sql) {}

  /** A {@link Key} whose {@code sql} is a {@link dev.venv.sql.TextShape#key()}. */
  record ShapeKey(EnvironmentRoute route, int schemas, SessionPath path, String shape) {}

  private final Cache<Key, SqlRouter.Result> cache;
  private final Cache<ShapeKey, RoutedTemplate> shapes;

  RoutedSqlCache(long maximumCharacters) {
    // Upkeep on the calling thread: handing it to the common pool cost more than the upkeep itself
    // (about 10 µs a miss on two cores, measured in RoutingBenchmark).
    this.cache = Caffeine.newBuilder().maximumWeight(maximumCharacters)
        .weigher((Key key, SqlRouter.Result result) -> ENTRY_OVERHEAD + key.sql().length()
            + (result.sql() == null || result.sql() == key.sql() ? 0 : result.sql().length()))
        .executor(Runnable::run).build();
    // A quarter of the texts' budget: a client has few shapes (its queries' templates), many texts.
    this.shapes = Caffeine.newBuilder().maximumWeight(maximumCharacters / 4)
        .weigher((ShapeKey key, RoutedTemplate template) -> ENTRY_OVERHEAD + key.shape().length()
            + template.characters())
        .executor(Runnable::run).build();
  }

  SqlRouter.Result get(Key key) {
    return cache.getIfPresent(key);
  }

  void put(Key key, SqlRouter.Result result) {
    cache.put(key, result);
  }

  RoutedTemplate template(ShapeKey key) {
    return shapes.getIfPresent(key);
  }

  void putTemplate(ShapeKey key, RoutedTemplate template) {
    shapes.put(key, template);
  }
}
