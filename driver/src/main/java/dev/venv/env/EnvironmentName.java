package dev.venv.env;

import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Checks environment names before any SQL is built from them (SPEC §5). */
public final class EnvironmentName {
  private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  private EnvironmentName() {}

  /**
   * The name, lower-cased, if it is {@code [a-z][a-z0-9_]{0,39}} without {@code __}: a view
   * schema is {@code <schema>__<env>}, so a {@code __} in the name would make it ambiguous which
   * schema and environment a view schema belongs to.
   *
   * @throws SQLException SQLState {@code 42602} (invalid name) otherwise
   */
  public static String validate(String name) throws SQLException {
    String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
    if (!VALID.matcher(lower).matches() || lower.contains("__")) {
      throw new SQLException("Invalid environment name '" + name + "': use a letter, then up to 39 letters, digits"
          + " or single underscores ([a-z][a-z0-9_]{0,39}, no '__')", "42602");
    }
    return lower;
  }
}
