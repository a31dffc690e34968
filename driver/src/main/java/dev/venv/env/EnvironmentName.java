package dev.venv.env;

import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Checks environment names before any SQL is built from them (SPEC §5). */
public final class EnvironmentName {
  private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  private EnvironmentName() {}

  /**
   * The name, lower-cased, if it is {@code [a-z][a-z0-9_]{0,39}}.
   *
   * @throws SQLException SQLState {@code 42602} (invalid name) otherwise
   */
  public static String validate(String name) throws SQLException {
    String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
    if (!VALID.matcher(lower).matches()) {
      throw new SQLException("Invalid environment name '" + name
          + "': use a letter, then up to 39 letters, digits or underscores ([a-z][a-z0-9_]{0,39})", "42602");
    }
    return lower;
  }
}
