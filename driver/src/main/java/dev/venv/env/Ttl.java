package dev.venv.env;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a non-prod environment lives after its last use.
 *
 * @param duration the time after last use; {@code null} for never
 */
public record Ttl(Duration duration) {
  /** Seven days, SQLMesh's default too. */
  public static final Ttl DEFAULT = new Ttl(Duration.ofDays(7));
  public static final Ttl NEVER = new Ttl(null);

  private static final Pattern TEXT = Pattern.compile("(\\d+)\\s*([smhdw])");

  /**
   * Parses {@code 7d}, {@code 12h}, {@code 30m}, {@code 45s}, {@code 2w} or {@code never}.
   *
   * @throws SQLException SQLState {@code 22023} (invalid parameter value) for anything else
   */
  public static Ttl parse(String text) throws SQLException {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("never")) {
      return NEVER;
    }
    Matcher m = TEXT.matcher(t);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new SQLException("Invalid ttl '" + text + "': use a positive number with s, m, h, d or w (e.g. 7d), or 'never'",
          "22023");
    }
    long n = Long.parseLong(m.group(1));
    return new Ttl(switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    });
  }
}
