package dev.venv.state;

import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * The one registry every copy of venv's classes in a JVM shares: its system properties. Two web
 * applications with the driver in each one's own {@code WEB-INF/lib} have two copies, over the one
 * DuckDB driver (and so the one open database) their container shares, each copy with static
 * fields of its own; what all copies must agree on (who holds a lock on a DuckDB file, how many
 * state writes it has had, the name each file goes by) is kept here instead. Values are strings,
 * as every reader of system properties expects; names start with {@code dev.venv.}.
 */
public final class JvmRegistry {
  private static final String PREFIX = "dev.venv.";

  private JvmRegistry() {}

  /** The value under {@code name}, or null. */
  public static String get(String name) {
    return System.getProperty(PREFIX + name);
  }

  /**
   * Replaces the value under {@code name} with {@code update}'s result for it (null: none) in one
   * step no other thread of any copy interleaves with; null removes it. The new value.
   */
  public static String update(String name, UnaryOperator<String> update) {
    Object updated = properties().compute(PREFIX + name,
        (key, known) -> update.apply(known instanceof String text ? text : null));
    return (String) updated;
  }

  /** Puts {@code value} under {@code name} unless a value is there; the value that was there, or null. */
  static String putIfAbsent(String name, String value) {
    Object known = properties().putIfAbsent(PREFIX + name, value);
    return known == null ? null : known.toString();
  }

  /** Removes {@code name} if its value is {@code value}. */
  static void remove(String name, String value) {
    properties().remove(PREFIX + name, value);
  }

  private static Properties properties() {
    return System.getProperties();
  }
}
