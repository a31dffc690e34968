package dev.venv.engine;

import java.util.regex.Pattern;

/** JDBC URLs as they may appear in messages: with any password in them masked. */
public final class Urls {
  private static final Pattern PASSWORD = Pattern.compile("(?i)((?:^|[?&;])(?:owner_)?password=)[^&;]*");

  private Urls() {}

  /** {@code url} with the value of every {@code password=} (and {@code owner_password=}) parameter masked. */
  public static String redact(String url) {
    return url == null ? null : PASSWORD.matcher(url).replaceAll("$1***");
  }
}
