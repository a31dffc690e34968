package dev.venv.state;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot's metadata as the one text column {@code snapshots.metadata_text}: a line {@code
 * name=value} per property, sorted by name, with a backslash, a line feed and {@code =} escaped as
 * {@code \\}, {@code \n} and {@code \=} in both. One column of the snapshot's row rather than a
 * row per property, each repeating the snapshot's key, which was most of the state's bytes beside
 * the snapshot rows (migration V005 writes the same text from the old rows).
 */
final class SnapshotMetadata {
  private SnapshotMetadata() {}

  static String encode(Map<String, String> metadata) {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
      if (text.length() > 0) {
        text.append('\n');
      }
      escape(text, e.getKey());
      text.append('=');
      escape(text, e.getValue());
    }
    return text.toString();
  }

  /** The properties of {@code text}; none for {@code null} or empty. */
  static Map<String, String> decode(String text) {
    Map<String, String> metadata = new HashMap<>();
    if (text == null || text.isEmpty()) {
      return metadata;
    }
    StringBuilder name = new StringBuilder();
    StringBuilder value = new StringBuilder();
    StringBuilder current = name;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '\\' && i + 1 < text.length()) {
        char next = text.charAt(++i);
        current.append(next == 'n' ? '\n' : next);
      } else if (ch == '=' && current == name) {
        current = value;
      } else if (ch == '\n') {
        metadata.put(name.toString(), value.toString());
        name.setLength(0);
        value.setLength(0);
        current = name;
      } else {
        current.append(ch);
      }
    }
    metadata.put(name.toString(), value.toString());
    return metadata;
  }

  private static void escape(StringBuilder text, String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '\\' -> text.append("\\\\");
        case '\n' -> text.append("\\n");
        case '=' -> text.append("\\=");
        default -> text.append(ch);
      }
    }
  }
}
