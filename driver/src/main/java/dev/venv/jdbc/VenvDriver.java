package dev.venv.jdbc;

import dev.venv.engine.Engine;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The venv JDBC driver: {@code jdbc:venv:<env>:<backend>}. Registered with {@link DriverManager}
 * when loaded (and through {@code META-INF/services/java.sql.Driver}).
 */
public final class VenvDriver implements Driver {
  static final int MAJOR_VERSION = 0;
  static final int MINOR_VERSION = 1;
  /** The release, from the jar's manifest; {@code MAJOR.MINOR} where there is none (the build's classes). */
  static final String VERSION = java.util.Objects.requireNonNullElse(
      VenvDriver.class.getPackage().getImplementationVersion(), MAJOR_VERSION + "." + MINOR_VERSION);
  private static final Logger LOGGER = Logger.getLogger("dev.venv");

  /** The registered instance's lives as long as the JVM; a data source's closes with it. */
  private final VenvRuntime runtime;

  static {
    try {
      DriverManager.registerDriver(new VenvDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** A driver with a runtime of its own, on the system's clock. */
  public VenvDriver() {
    this(Clock.systemUTC());
  }

  /** A driver whose runtime reads time from {@code clock} (a test's). */
  VenvDriver(Clock clock) {
    this.runtime = new VenvRuntime(clock);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null; // JDBC: another driver's URL
    }
    try {
      return connect(VenvUrl.parse(url, info), url);
    } catch (dev.venv.engine.UnknownSettingException e) {
      throw VenvOption.unknown(e); // a mistyped option of venv's, most likely: say which there are
    } catch (SQLException e) {
      // A backend's refusal (DuckDB: a setting it does not take) may carry no SQLState of its own;
      // ensure infers one from its message, HY000 when nothing in it says more.
      throw SqlStates.ensure(e);
    }
  }

  private Connection connect(VenvUrl venvUrl, String url) throws SQLException {
    // (owner credentials on DuckDB are refused by forUrl before anything is opened)
    if ((venvUrl.models() == null || !venvUrl.createLazily()) && venvUrl.ownerProperties() == null) {
      Engine.requireExisting(venvUrl.backendUrl(), venvUrl.backendProperties());
    }
    // A first connect at a new path makes the file: if it fails, it leaves none behind.
    boolean newDatabase = venvUrl.models() != null && Engine.makesNewDatabase(venvUrl.backendUrl());
    Engine engine = runtime.backends.engine(venvUrl.backendUrl(), venvUrl.backendProperties(),
        venvUrl.ownerProperties(), venvUrl.state());
    Connection backend = null;
    try {
      backend = engine.openForClient();
      EnvironmentRoute route = runtime.resolver.resolve(engine, venvUrl, backend);
      requireOwnStartingSchemas(engine.startingSchemas(backend), route);
      VenvConnection[] made = new VenvConnection[1];
      made[0] = new VenvConnection(backend, route, url, engine, () -> {
        runtime.closed(made[0]);
        engine.close();
      });
      runtime.opened(made[0]);
      return made[0];
    } catch (SQLException | RuntimeException e) {
      if (backend != null) {
        try {
          backend.close();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      engine.close();
      if (newDatabase) {
        try {
          runtime.backends.deleteNewDatabase(engine);
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  /**
   * Refuses a URL that starts the session on another environment's view schema or venv's own
   * ({@code …/iceberg/marts__prod} on dev, {@code currentSchema=venv__marts}): the session would be
   * taken off it without a word (no current schema at all on Trino, whose bare names then failed
   * with "Schema must be specified"), where {@code USE} of the same is refused. A model schema reads
   * the environment's own views; one this environment holds nothing in is dropped from the path as
   * before.
   */
  private static void requireOwnStartingSchemas(java.util.List<String> schemas, EnvironmentRoute route)
      throws SQLException {
    for (String schema : schemas) {
      dev.venv.sql.RoutingNames.SchemaKind kind = route.names().kind(schema.toLowerCase(java.util.Locale.ROOT));
      if (kind == dev.venv.sql.RoutingNames.SchemaKind.OTHER_VIEW || kind == dev.venv.sql.RoutingNames.SchemaKind.VENV) {
        throw new SQLException("venv: the URL starts the session on schema " + schema + ", which is "
            + (kind == dev.venv.sql.RoutingNames.SchemaKind.VENV ? "venv's own" : "another environment's view schema")
            + ", not environment " + route.environment() + "'s; a connection reads its own environment only: name a"
            + " model schema (its views in environment " + route.environment() + " are read) or a schema of your own",
            "08001");
      }
    }
  }

  /** Closes this instance's runtime: pools, open databases, caches. Connections open now stop working. */
  void close() throws SQLException {
    runtime.close();
  }

  @Override
  public boolean acceptsURL(String url) {
    return VenvUrl.accepts(url);
  }

  /**
   * The driver's options, each with the value the URL or {@code info} gives it, else its default,
   * and a description; passwords are never shown. Opens nothing.
   */
  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    VenvOption[] options = VenvOption.values();
    java.util.Map<VenvOption, String> inUrl = VenvUrl.optionsIn(url);
    DriverPropertyInfo[] result = new DriverPropertyInfo[options.length];
    for (int i = 0; i < options.length; i++) {
      VenvOption option = options[i];
      String given = option == VenvOption.OWNER_PASSWORD || option == VenvOption.STATE_PASSWORD ? null
          : inUrl.containsKey(option) ? inUrl.get(option) : info == null ? null : info.getProperty(option.key());
      result[i] = new DriverPropertyInfo(option.key(), given != null ? given : option.defaultValue());
      result[i].description = option.description();
      result[i].required = false;
      switch (option) {
        case CREATE -> result[i].choices = new String[] {"lazy", "never"};
        case REFRESH -> result[i].choices = new String[] {"never", "auto"};
        case PROGRESS -> result[i].choices = new String[] {"log", "stderr"};
        default -> { }
      }
    }
    return result;
  }

  @Override
  public int getMajorVersion() {
    return MAJOR_VERSION;
  }

  @Override
  public int getMinorVersion() {
    return MINOR_VERSION;
  }

  /** Not JDBC compliant in the strict sense: writes to models are refused by design. */
  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return LOGGER;
  }
}
