package dev.venv.jdbc;

import java.util.Locale;

/** The options the driver consumes (SPEC §7); the backend never sees them. */
enum VenvOption {
  ENV("prod", "Environment to connect to, when the URL does not name one"),
  MODELS(null, "Model repository folder; needed to create a missing environment on connect"),
  FROM("prod", "Source environment of a new environment"),
  CREATE("lazy", "lazy: create a missing environment on connect; never: refuse to connect to a missing one"),
  TTL("7d", "Expiry of a non-prod environment after its last use, e.g. 7d, 12h, or never"),
  REFRESH("never", "auto: on connect, move an existing environment to the repository's current models when they changed"),
  STATE(null, "JDBC URL of the state store (default: the backend itself)"),
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

  /** The option of that key, or {@code null}. */
  static VenvOption of(String key) {
    for (VenvOption option : values()) {
      if (option.key().equalsIgnoreCase(key)) {
        return option;
      }
    }
    return null;
  }
}
