package dev.venv.jdbc;

import dev.venv.engine.UnknownSettingException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The options the driver consumes (SPEC §7); the backend never sees them. */
enum VenvOption {
  ENV("prod", "Environment to connect to, when the URL does not name one"),
  MODELS(null, "Model repository folder; needed to create a missing environment on connect"),
  FROM("prod", "Source environment of a new environment"),
  CREATE("lazy", "lazy: create a missing environment on connect; never: refuse to connect to a missing one"),
  TTL("7d", "Expiry of a non-prod environment after its last use, e.g. 7d, 12h, or never"),
  REFRESH("never", "auto: on connect, move an existing environment to the repository's current models when they changed"),
  PROGRESS("log", "log: report the build progress of a creation on connect through java.util.logging (logger"
      + " dev.venv); stderr: print it on standard error"),
  STATE(null, "PostgreSQL database that holds venv's state and locks, postgresql://host[:port]/database"
      + " (default: the backend itself; required for Trino)"),
  STATE_USER(null, "User for the state database of option state"),
  STATE_PASSWORD(null, "Password of state_user"),
  OWNER_USER(null, "PostgreSQL role that owns venv's objects and does venv's work (state, builds, views);"
      + " the client's session keeps the URL's user, which then cannot write venv's objects. Default: the client's role"),
  OWNER_PASSWORD(null, "Password of owner_user");

  private final String defaultValue;
  private final String description;

  VenvOption(String defaultValue, String description) {
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /** The name in URLs and Properties. */
  String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  String defaultValue() {
    return defaultValue;
  }

  String description() {
    return description;
  }

  /**
   * The error for names that are neither venv's options nor settings the backend knows: it lists
   * venv's options, and suggests the one a name is likely a typo of ({@code modles}: {@code models}).
   * SQLState {@code 22023}.
   */
  static SQLException unknown(UnknownSettingException e) {
    return unknown(e.names(), ", and " + e.backend() + " has no setting of "
        + (e.names().size() == 1 ? "that name" : "those names") + " either", e);
  }

  /**
   * The error for Properties named a couple of letters away from one of venv's options
   * ({@code refrseh}): the backend may ignore names it does not know (PgJDBC does, and tools hand
   * it a pool's whole property bag), but a near miss of venv's own is a typo.
   *
   * @return {@code null} when no name is such a near miss
   */
  static SQLException mistyped(Iterable<String> names, java.util.function.Predicate<String> backendDefines) {
    List<String> near = new ArrayList<>();
    for (String name : names) {
      if (of(name) == null && nearest(name) != null && !backendDefines.test(name)) {
        near.add(name);
      }
    }
    return near.isEmpty() ? null : unknown(near, "", null);
  }

  private static SQLException unknown(List<String> names, String backendClause, Throwable cause) {
    List<String> suggestions = new ArrayList<>();
    for (String name : names) {
      VenvOption near = nearest(name);
      if (near != null) {
        suggestions.add(name + " → " + near.key());
      }
    }
    List<String> keys = new ArrayList<>();
    for (VenvOption option : values()) {
      keys.add(option.key());
    }
    return new SQLException("Unknown option" + (names.size() == 1 ? " " : "s ") + String.join(", ", names)
        + ": venv's options are " + String.join(", ", keys) + (suggestions.isEmpty() ? "" : " (did you mean "
        + String.join(", ", suggestions) + "?)") + backendClause, "22023", cause);
  }

  /**
   * The option {@code name} is a near miss of, or {@code null}: one edit away (a swap of two letters
   * is one) for names of four or five letters, two for longer ones, none for shorter ones. Short
   * names are other things more often than typos: {@code ssl}, {@code tz}, {@code url}, {@code en}.
   */
  private static VenvOption nearest(String name) {
    VenvOption nearest = null;
    int best = name.length() <= 3 ? 1 : name.length() <= 5 ? 2 : 3;
    for (VenvOption option : values()) {
      int distance = editDistance(name.toLowerCase(Locale.ROOT), option.key());
      if (distance < best) {
        best = distance;
        nearest = option;
      }
    }
    return nearest;
  }

  /** Levenshtein's distance, a swap of two letters counting as one edit (Damerau's). */
  private static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      for (int j = 0; j <= b.length(); j++) {
        if (i == 0 || j == 0) {
          d[i][j] = i + j;
          continue;
        }
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /** The option of that key, or {@code null}. */
  static VenvOption of(String key) {
    // ownerUser, as VenvDataSource's bean property spells it, is owner_user
    String spelled = key.replace("_", "");
    for (VenvOption option : values()) {
      if (option.key().replace("_", "").equalsIgnoreCase(spelled)) {
        return option;
      }
    }
    return null;
  }
}
