package dev.venv.sql;

/**
 * A fixed map from identifiers to values, looked up case-insensitively by a region of a
 * {@link CharSequence}, so that matching an identifier in SQL text allocates nothing.
 *
 * <p>Open addressing over parallel arrays; built once, read-only afterwards, so safe to share.
 */
final class IdentifierMap<V> {

  private final String[] keys;
  private final Object[] values;
  private final int[] hashes;
  private final int mask;
  private final int minLength;
  private final int maxLength;

  /** @param keys distinct (case-insensitively) keys; {@code values[i]} belongs to {@code keys[i]} */
  IdentifierMap(String[] keys, Object[] values) {
    int capacity = Integer.highestOneBit(Math.max(4, keys.length * 2 - 1)) << 1;
    this.keys = new String[capacity];
    this.values = new Object[capacity];
    this.hashes = new int[capacity];
    this.mask = capacity - 1;
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (int k = 0; k < keys.length; k++) {
      String key = keys[k];
      int hash = hash(key, 0, key.length());
      int slot = hash & mask;
      while (this.keys[slot] != null) {
        if (regionEquals(this.keys[slot], key, 0, key.length())) {
          throw new IllegalArgumentException("duplicate identifier: " + key);
        }
        slot = (slot + 1) & mask;
      }
      this.keys[slot] = key;
      this.values[slot] = values[k];
      this.hashes[slot] = hash;
      min = Math.min(min, key.length());
      max = Math.max(max, key.length());
    }
    this.minLength = min;
    this.maxLength = max;
  }

  /** Returns the value whose key equals {@code text[from, to)} ignoring case, or null. */
  @SuppressWarnings("unchecked")
  V get(CharSequence text, int from, int to) {
    int length = to - from;
    if (length < minLength || length > maxLength) {
      return null;
    }
    int hash = hash(text, from, to);
    for (int slot = hash & mask; keys[slot] != null; slot = (slot + 1) & mask) {
      if (hashes[slot] == hash && regionEquals(keys[slot], text, from, to)) {
        return (V) values[slot];
      }
    }
    return null;
  }

  /**
   * Folds case the way {@link String#regionMatches(boolean, int, String, int, int)} compares:
   * two chars equal ignoring case have the same fold, which keeps hash and equality in step.
   */
  static char fold(char c) {
    if (c < 128) {
      return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
    return Character.toLowerCase(Character.toUpperCase(c));
  }

  private static int hash(CharSequence text, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + fold(text.charAt(i));
    }
    return h ^ (h >>> 16);
  }

  private static boolean regionEquals(String key, CharSequence text, int from, int to) {
    if (key.length() != to - from) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char a = key.charAt(i);
      char b = text.charAt(from + i);
      if (a != b && fold(a) != fold(b)) {
        return false;
      }
    }
    return true;
  }
}
