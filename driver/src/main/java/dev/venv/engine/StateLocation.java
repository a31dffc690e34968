package dev.venv.engine;

import java.sql.SQLException;
import java.util.Properties;

/**
 * Where venv keeps its state when not in the backend itself (option {@code state}): a PostgreSQL
 * database, {@code postgresql://host[:port]/database} (a leading {@code jdbc:} is allowed), with
 * the credentials of options {@code state_user} and {@code state_password}. A backend without
 * multi-statement transactions (Trino) needs one; DuckDB and PostgreSQL may use one.
 *
 * @param url        the state database's JDBC URL, {@code jdbc:postgresql://…}
 * @param properties {@code user} and {@code password} when given
 */
public record StateLocation(String url, Properties properties) {

  /** How a state URL looks, for messages. */
  public static final String FORM = "postgresql://host[:port]/database";

  /**
   * Parses option {@code state}; checks its form only, connects to nothing.
   *
   * @return {@code null} when {@code spec} is {@code null} (no option {@code state})
   * @throws SQLException SQLState {@code 22023} for anything but a PostgreSQL URL naming a host and
   *                      a database, or credentials without a state URL
   */
  public static StateLocation parse(String spec, String user, String password) throws SQLException {
    if (spec == null || spec.isBlank()) {
      if (user != null || password != null) {
        throw new SQLException("Options state_user and state_password need option state: the state database's URL ("
            + FORM + ")", "22023");
      }
      return null;
    }
    String url = spec.strip();
    if (url.regionMatches(true, 0, "jdbc:", 0, 5)) {
      url = url.substring(5);
    }
    String prefix = "postgresql://";
    if (!url.regionMatches(true, 0, prefix, 0, prefix.length())) {
      throw invalid(spec, "venv keeps a separate state in PostgreSQL only");
    }
    String rest = url.substring(prefix.length());
    int query = rest.indexOf('?');
    String hostAndPath = query < 0 ? rest : rest.substring(0, query);
    int slash = hostAndPath.indexOf('/');
    if (slash <= 0) {
      throw invalid(spec, "no host");
    }
    if (slash == hostAndPath.length() - 1 || hostAndPath.substring(slash + 1).contains("/")) {
      throw invalid(spec, "no database after the host");
    }
    Properties properties = new Properties();
    if (user != null && !user.isBlank()) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    return new StateLocation("jdbc:postgresql://" + rest, properties);
  }

  private static SQLException invalid(String spec, String why) {
    return new SQLException("Invalid option state='" + Urls.redact(spec) + "': " + why + "; use " + FORM
        + " (user and password in options state_user, state_password)", "22023");
  }

  /** The URL with any password masked, and the user: for messages (never the password). */
  @Override
  public String toString() {
    return Urls.redact(url) + (properties.containsKey("user") ? " as " + properties.getProperty("user") : "");
  }
}
