package dev.venv.engine;

import java.util.regex.Pattern;

/** JDBC URLs as they may appear in messages: with any password in them masked. */
public final class Urls {
  private static final Pattern PASSWORD = Pattern.compile("(?i)((?:^|[?&;])(?:owner_|state_)?password=)[^&;]*");

  private Urls() {}

  /**
   * A URL of a backend that takes no settings in its URL (DuckDB, which reads {@code ?} as part of
   * the file name) without them: each {@code ?k=v&k=v} goes into {@code into}, decoded.
   *
   * @return the URL up to its {@code ?}
   */
  static String settingsToProperties(String url, java.util.Properties into) {
    int query = url.indexOf('?');
    if (query < 0) {
      return url;
    }
    for (String pair : url.substring(query + 1).split("&")) {
      if (!pair.isEmpty()) {
        int eq = pair.indexOf('=');
        into.setProperty(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    return url.substring(0, query);
  }

  private static String decode(String text) {
    return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** {@code url} with the value of every {@code password=} (and {@code owner_password=}) parameter masked. */
  public static String redact(String url) {
    return url == null ? null : PASSWORD.matcher(url).replaceAll("$1***");
  }

  /**
   * {@code connection}, or 08001 when the backend's driver returned none: a driver answers null for
   * a URL it does not take, and a null connection must not get further than the connect.
   */
  static java.sql.Connection accepted(java.sql.Connection connection, String backend, String url)
      throws java.sql.SQLException {
    if (connection == null) {
      throw new java.sql.SQLException("The " + backend + " driver did not accept " + redact(url), "08001");
    }
    return connection;
  }
}
