package dev.venv.engine;

import java.util.Locale;
import java.util.Properties;

/**
 * Where venv's own PostgreSQL connections go and as whom: the client's URL and properties, with the
 * owner's {@code user} and {@code password} in place of the client's.
 *
 * <p>PgJDBC lets {@code user}/{@code password} in the URL override the properties, so with an owner
 * they are taken out of the URL as well: otherwise venv's work would silently run as the client.
 *
 * @param url        the backend URL for venv's own connections
 * @param properties the backend properties for them
 */
record OwnerConnection(String url, Properties properties) {

  /** venv's connection for a client URL; {@code owner} {@code null} means the client's own role. */
  static OwnerConnection of(String url, Properties client, Properties owner) {
    if (owner == null) {
      return new OwnerConnection(url, client);
    }
    Properties merged = new Properties();
    merged.putAll(client);
    merged.remove("user");
    merged.remove("password");
    merged.putAll(owner);
    return new OwnerConnection(withoutCredentials(url), merged);
  }

  /**
   * Which of the runtime's pools these connections come from: one per URL and properties, every
   * one of them (an {@code ssl} setting or an {@code ApplicationName} makes another pool). The
   * password counts, hashed, so that a connect naming the owner with a wrong password never
   * borrows the connections another connect opened with the right one.
   */
  String poolKey() {
    StringBuilder key = new StringBuilder(url);
    for (String name : new java.util.TreeSet<>(properties.stringPropertyNames())) {
      String value = properties.getProperty(name);
      key.append('\u0000').append(name).append('=').append(name.equals("password") ? sha256(value) : value);
    }
    return key.toString();
  }

  private static String sha256(String text) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  private static String withoutCredentials(String url) {
    int query = url.indexOf('?');
    if (query < 0) {
      return url;
    }
    StringBuilder kept = new StringBuilder();
    for (String pair : url.substring(query + 1).split("&")) {
      int eq = pair.indexOf('=');
      String key = (eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
      if (pair.isEmpty() || key.equals("user") || key.equals("password")) {
        continue;
      }
      kept.append(kept.length() == 0 ? '?' : '&').append(pair);
    }
    return url.substring(0, query) + kept;
  }
}
