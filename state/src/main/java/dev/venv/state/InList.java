package dev.venv.state;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** {@code IN (?, ?, ...)} lists of strings, in chunks of a size every backend takes. */
final class InList {
  private static final int CHUNK = 500;

  private InList() {}

  static List<List<String>> chunks(Collection<String> values) {
    List<String> all = List.copyOf(values);
    List<List<String>> result = new ArrayList<>();
    for (int i = 0; i < all.size(); i += CHUNK) {
      result.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
    }
    return result;
  }

  static String placeholders(int n) {
    return "?" + ", ?".repeat(n - 1);
  }

  static void bind(PreparedStatement ps, List<String> values) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      ps.setString(i + 1, values.get(i));
    }
  }
}
