package dev.venv.jdbc;

import dev.venv.engine.Engine;
import dev.venv.engine.StateLocation;
import dev.venv.env.EnvironmentAccess;
import dev.venv.env.EnvironmentName;
import dev.venv.env.Ttl;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * A parsed {@code jdbc:venv:} URL and its options: {@code jdbc:venv:<env>:<backend>} or
 * {@code jdbc:venv:<backend>} with the environment in option {@code env}; options come from the
 * Properties and from {@code ?k=v&k=v} on the URL, and are removed before the
 * backend sees either. An option both give, with different values, is refused: neither silently wins.
 *
 * @param environment        the environment, validated and lower case
 * @param backendUrl         the backend's own JDBC URL, without venv's options
 * @param backendProperties  the Properties without venv's options
 * @param models             the model repository, or {@code null}
 * @param from               the source environment of a new one
 * @param createLazily       {@code false} for {@code create=never}
 * @param ttl                expiry of a new non-prod environment
 * @param refresh            {@code refresh=auto}: move an existing environment to the repository's
 *                           current models on connect when they changed
 * @param progressOnStderr   {@code progress=stderr}: print a creation's build progress on standard
 *                           error rather than log it
 * @param ownerProperties    {@code user} and {@code password} of the role venv works as (options
 *                           {@code owner_user}, {@code owner_password}), or {@code null} when venv
 *                           works as the client's role
 * @param state              the database venv's state lives in (options {@code state},
 *                           {@code state_user}, {@code state_password}), or {@code null}: the backend
 */
record VenvUrl(
    String url,
    String environment,
    String backendUrl,
    Properties backendProperties,
    Path models,
    String from,
    boolean createLazily,
    Ttl ttl,
    boolean refresh,
    boolean progressOnStderr,
    Properties ownerProperties,
    StateLocation state) {

  static final String PREFIX = "jdbc:venv:";
  /** Backend sub-protocols: a URL whose first part is one of these names no environment. */
  private static final Set<String> BACKENDS = Engine.SUBPROTOCOLS;

  /** What this URL asks of the environment on connect. */
  EnvironmentAccess.Request request() {
    return new EnvironmentAccess.Request(environment, models, from, createLazily, ttl, refresh, progressOnStderr);
  }

  static boolean accepts(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  /**
   * Parses a venv URL.
   *
   * @throws SQLException SQLState {@code 08001} for a malformed URL, {@code 42602} for a bad
   *                      environment name, {@code 22023} for a bad option value
   */
  static VenvUrl parse(String url, Properties info) throws SQLException {
    if (!accepts(url)) {
      throw new SQLException("Not a venv URL: " + dev.venv.engine.Urls.redact(url) + " (expected jdbc:venv:<env>:<backend>)", "08001");
    }
    String rest = url.substring(PREFIX.length());
    int colon = rest.indexOf(':');
    if (colon <= 0) {
      throw malformed(url, "no backend after jdbc:venv:");
    }
    String first = rest.substring(0, colon).toLowerCase(Locale.ROOT);
    String environment = null;
    String backend = rest;
    if (!BACKENDS.contains(first)) {
      environment = rest.substring(0, colon);
      backend = rest.substring(colon + 1);
      int next = backend.indexOf(':');
      if (next <= 0 || !BACKENDS.contains(backend.substring(0, next).toLowerCase(Locale.ROOT))) {
        throw malformed(url, "the backend must be " + Engine.URL_FORMS);
      }
    }
    Map<VenvOption, String> options = new EnumMap<>(VenvOption.class);
    Properties backendProperties = new Properties();
    if (info != null) {
      String backendUrl = backend;
      SQLException mistyped = VenvOption.mistyped(info.stringPropertyNames(),
          name -> Engine.driverDefinesSetting(backendUrl, name));
      if (mistyped != null) {
        throw mistyped;
      }
      for (String key : info.stringPropertyNames()) {
        VenvOption option = VenvOption.of(key);
        if (option != null) {
          options.put(option, info.getProperty(key));
        } else {
          backendProperties.setProperty(key, info.getProperty(key));
        }
      }
    }
    boolean settingsInUrl = Engine.readsSettingsFromUrl(backend);
    int query = backend.indexOf('?');
    if (query >= 0) {
      java.util.Set<VenvOption> inUrl = java.util.EnumSet.noneOf(VenvOption.class);
      StringBuilder kept = new StringBuilder();
      for (String pair : backend.substring(query + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        VenvOption option = VenvOption.of(key);
        if (option != null) {
          String given = options.put(option, value);
          if (given != null && !given.equals(value)) {
            // Neither may silently win: create=never in a data source's properties must not lose to a URL.
            throw givenTwice(option, inUrl.contains(option), given, value);
          }
          inUrl.add(option);
        } else if (!settingsInUrl) {
          backendProperties.setProperty(key, value);
        } else {
          kept.append(kept.length() == 0 ? "?" : "&").append(pair);
        }
      }
      backend = backend.substring(0, query) + kept;
    }
    if (environment == null) {
      environment = options.getOrDefault(VenvOption.ENV, VenvOption.ENV.defaultValue());
    } else if (options.containsKey(VenvOption.ENV)
        && !options.get(VenvOption.ENV).equalsIgnoreCase(environment)) {
      throw malformed(url, "the URL names environment '" + environment + "' and option env names '"
          + options.get(VenvOption.ENV) + "'");
    }
    String models = options.get(VenvOption.MODELS);
    String create = value(options, VenvOption.CREATE);
    if (!create.equals("lazy") && !create.equals("never")) {
      throw new SQLException("Invalid option create='" + create + "': use lazy or never", "22023");
    }
    String refresh = value(options, VenvOption.REFRESH);
    if (!refresh.equals("never") && !refresh.equals("auto")) {
      throw new SQLException("Invalid option refresh='" + refresh + "': use never or auto", "22023");
    }
    String progress = value(options, VenvOption.PROGRESS);
    if (!progress.equals("log") && !progress.equals("stderr")) {
      throw new SQLException("Invalid option progress='" + progress + "': use log or stderr", "22023");
    }
    StateLocation state = StateLocation.parse(options.get(VenvOption.STATE), options.get(VenvOption.STATE_USER),
        options.get(VenvOption.STATE_PASSWORD));
    return new VenvUrl(url, EnvironmentName.validate(environment), "jdbc:" + backend, backendProperties,
        models == null || models.isBlank() ? null : Path.of(models),
        EnvironmentName.validate(value(options, VenvOption.FROM)), create.equals("lazy"),
        Ttl.parse(value(options, VenvOption.TTL)), refresh.equals("auto"), progress.equals("stderr"),
        owner(options), state);
  }

  /**
   * An option given twice with different values, {@code first} before {@code second} (which the URL
   * gives); a password's values are never shown.
   *
   * @param bothInUrl whether the URL gives both, else the connection properties gave {@code first}
   */
  private static SQLException givenTwice(VenvOption option, boolean bothInUrl, String first, String second) {
    boolean secret = option == VenvOption.OWNER_PASSWORD || option == VenvOption.STATE_PASSWORD;
    String message = "Option " + option.key() + " is given twice";
    if (bothInUrl) {
      message += " in the URL with different values" + (secret ? "" : ": '" + first + "' and '" + second + "'");
    } else {
      message += " with different values" + (secret ? ", in the URL and in the connection properties"
          : ": '" + second + "' in the URL and '" + first + "' in the connection properties");
    }
    return new SQLException(message + "; give it once", "08001");
  }

  /** The owner's credentials, or {@code null} when none are given. */
  private static Properties owner(Map<VenvOption, String> options) throws SQLException {
    String user = options.get(VenvOption.OWNER_USER);
    String password = options.get(VenvOption.OWNER_PASSWORD);
    if (user == null && password == null) {
      return null;
    }
    if (user == null || user.isBlank()) {
      throw new SQLException("Option owner_password needs owner_user: the role venv's objects belong to", "22023");
    }
    Properties owner = new Properties();
    owner.setProperty("user", user);
    if (password != null) {
      owner.setProperty("password", password);
    }
    return owner;
  }

  /**
   * The venv options a URL gives, as written, its environment as {@code env}: what a tool's
   * connection dialog shows ({@code getPropertyInfo}). Nothing is validated; a URL that is not
   * venv's gives none.
   */
  static Map<VenvOption, String> optionsIn(String url) {
    Map<VenvOption, String> result = new EnumMap<>(VenvOption.class);
    if (!accepts(url)) {
      return result;
    }
    String rest = url.substring(PREFIX.length());
    int colon = rest.indexOf(':');
    if (colon > 0 && !BACKENDS.contains(rest.substring(0, colon).toLowerCase(Locale.ROOT))) {
      result.put(VenvOption.ENV, rest.substring(0, colon));
    }
    int query = rest.indexOf('?');
    if (query >= 0) {
      for (String pair : rest.substring(query + 1).split("&")) {
        int eq = pair.indexOf('=');
        VenvOption option = VenvOption.of(decode(eq < 0 ? pair : pair.substring(0, eq)));
        if (option != null) {
          result.put(option, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
      }
    }
    return result;
  }

  private static String value(Map<VenvOption, String> options, VenvOption option) {
    return options.getOrDefault(option, option.defaultValue()).strip().toLowerCase(Locale.ROOT);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static SQLException malformed(String url, String why) {
    return new SQLException("Malformed venv URL '" + dev.venv.engine.Urls.redact(url) + "': " + why
        + " (expected jdbc:venv:<env>:<backend>, e.g. jdbc:venv:dev:duckdb:/data/w.db)", "08001");
  }
}
