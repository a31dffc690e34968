package dev.venv.testing;

import dev.venv.engine.Engine;
import dev.venv.engine.StateLocation;
import dev.venv.env.BuildProgress;
import dev.venv.env.Environments;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

/**
 * One test run's warehouse on the Trino cluster ({@link TrinoCluster}): schemas named with a
 * prefix of its own ({@link TrinoCluster#runPrefix}), so that runs on one cluster never meet, a
 * fresh PostgreSQL database for venv's state, and what a test asks of them. {@link #close()} drops
 * the run's objects and the state database.
 *
 * <p>Its model repository, {@link #shop}, is a small one of its own whose schemas carry the run's
 * prefix, so that runs share the catalog {@code iceberg} (examples/shop's schema names are fixed:
 * {@code TrinoShopTest} takes a catalog of its own for it): a seed, a view over it and two tables,
 * every schema named {@code <prefix>_raw}, {@code <prefix>_staging}, {@code <prefix>_marts}.
 */
public final class TrinoWarehouse implements AutoCloseable {
  /** The rows of the seed {@code raw.orders}: order_id, customer_id, amount, status. */
  public static final String ORDERS_CSV = """
      order_id,customer_id,amount,status
      1,1,10.50,completed
      2,1,20.00,returned
      3,2,5.25,completed
      4,3,30.00,completed
      5,3,12.00,cancelled
      6,2,7.75,returned
      """;

  private final String prefix;
  private final String state;

  private TrinoWarehouse(String prefix, String state) {
    this.prefix = prefix;
    this.state = state;
  }

  /**
   * A new warehouse; skips the calling test (fails it on CI) when the cluster or PostgreSQL is away.
   *
   * @param letter the first character of the run's prefix, telling one test class's objects from another's
   */
  public static TrinoWarehouse open(char letter) {
    TrinoCluster.assumeAvailable();
    return new TrinoWarehouse(TrinoCluster.runPrefix(letter), PostgresTestDatabase.freshDatabaseUrl());
  }

  public String prefix() {
    return prefix;
  }

  /** A model's (or schema's) name in this run: {@code marts.customer_revenue} → {@code <prefix>_marts.customer_revenue}. */
  public String name(String logical) {
    return prefix + "_" + logical;
  }

  /**
   * The run's model repository below {@code root} ({@code root/models}, {@code root/seeds}):
   * {@code raw.orders} (SEED), {@code staging.stg_orders} (VIEW, the orders not cancelled),
   * {@code marts.customer_revenue} (FULL, by customer) and {@code marts.top_customers} (FULL, revenue
   * of at least 15). {@code completedOnly}: customer_revenue counts completed orders only, a
   * breaking change of it (top_customers is rebuilt too).
   */
  public Path shop(Path root, boolean completedOnly) {
    Path models = root.resolve("models");
    ModelRepositories.write(root.resolve("seeds/orders.csv"), ORDERS_CSV);
    ModelRepositories.write(models.resolve("raw/orders.sql"), "MODEL (name " + name("raw.orders")
        + ", kind SEED (path '../../seeds/orders.csv'), grain order_id);");
    ModelRepositories.write(models.resolve("staging/stg_orders.sql"), "MODEL (name " + name("staging.stg_orders")
        + ", kind VIEW);\nSELECT order_id, customer_id, amount, status FROM " + name("raw.orders")
        + " WHERE status <> 'cancelled'");
    ModelRepositories.write(models.resolve("marts/customer_revenue.sql"), "MODEL (name "
        + name("marts.customer_revenue") + ", kind FULL, grain customer_id);\nSELECT customer_id, COUNT(*) AS orders,"
        + " CAST(SUM(amount) AS DECIMAL(12, 2)) AS revenue FROM " + name("staging.stg_orders")
        + (completedOnly ? " WHERE status = 'completed'" : "") + " GROUP BY customer_id");
    ModelRepositories.write(models.resolve("marts/top_customers.sql"), "MODEL (name " + name("marts.top_customers")
        + ", kind FULL);\nSELECT customer_id, revenue FROM " + name("marts.customer_revenue") + " WHERE revenue >= 15");
    return models;
  }

  /** The backend part of a venv URL: {@code trino://host:port/catalog}, without {@code jdbc:}. */
  public String backendPart() {
    return TrinoCluster.URL.substring("jdbc:".length());
  }

  /** {@code state=…&state_user=…&state_password=…}: where venv keeps this warehouse's state. */
  public String stateOptions() {
    return "state=" + state.substring("jdbc:".length()) + "&state_user=" + PostgresTestDatabase.USER
        + "&state_password=" + PostgresTestDatabase.PASSWORD;
  }

  /** The CLI's options for this warehouse: the cluster as {@link TrinoCluster#OWNER}, the state database. */
  public List<String> cliBackend() {
    return List.of("--url", TrinoCluster.URL, "--user", TrinoCluster.OWNER, "--state", state.substring("jdbc:".length()),
        "--state-user", PostgresTestDatabase.USER, "--state-password=" + PostgresTestDatabase.PASSWORD);
  }

  /**
   * {@code jdbc:venv:<env>:trino://…[path]?user=<user>&owner_user=venv&state…[&models=…]}: a client
   * connecting as {@code user}, venv's own work (creating the environment) as {@link TrinoCluster#OWNER}.
   *
   * @param path   appended to the backend URL's catalog ({@code "/<schema>"}), or {@code ""}
   * @param models the repository to create the environment from when it is missing, or {@code null}
   */
  public String url(String env, String user, String path, Path models) {
    return "jdbc:venv:" + env + ":" + backendPart() + path + "?user=" + user + "&owner_user=" + TrinoCluster.OWNER
        + "&" + stateOptions() + (models == null ? "" : "&models=" + models);
  }

  /** A client's connection through venv as {@link TrinoCluster#CLIENT}, which Trino lets only read. */
  public Connection connect(String env, Path models) throws SQLException {
    return DriverManager.getConnection(url(env, TrinoCluster.CLIENT, "", models));
  }

  /** venv's environments over this warehouse, venv's own work done as {@link TrinoCluster#OWNER}. */
  public Environments environments(Clock clock) throws SQLException {
    Properties owner = new Properties();
    owner.setProperty("user", TrinoCluster.OWNER);
    StateLocation location = StateLocation.parse(state.substring("jdbc:".length()), PostgresTestDatabase.USER,
        PostgresTestDatabase.PASSWORD);
    Engine engine = Engine.forUrl(TrinoCluster.URL, owner, null, location);
    return clock == null ? Environments.open(engine, BuildProgress.silent(), Duration.ofMinutes(2))
        : Environments.open(engine, BuildProgress.silent(), Duration.ofMinutes(2), clock);
  }

  /** Every row of a query as {@link TrinoCluster#OWNER}, bypassing venv. */
  public List<String> rows(String sql) throws SQLException {
    try (Connection c = TrinoCluster.connect(TrinoCluster.OWNER)) {
      return Rows.of(c, sql);
    }
  }

  /** The run's objects in venv's physical schemas, {@code schema.name}, sorted. */
  public TreeSet<String> physicalObjects() throws SQLException {
    return new TreeSet<>(rows("SELECT table_schema || '.' || table_name FROM iceberg.information_schema.tables"
        + " WHERE table_schema LIKE 'venv\\_\\_" + prefix + "%' ESCAPE '\\'"));
  }

  /** The run's objects in its model and view schemas, {@code schema.name}, sorted. */
  public TreeSet<String> views() throws SQLException {
    return new TreeSet<>(rows("SELECT table_schema || '.' || table_name FROM iceberg.information_schema.tables"
        + " WHERE table_schema LIKE '" + prefix + "\\_%' ESCAPE '\\'"));
  }

  /**
   * Every commit of the run's tables and views, as the Iceberg catalog records them: each object
   * with its current metadata file, which any change of rows, columns, properties, comments or
   * statistics replaces. What a refused write must leave as it was.
   */
  public TreeSet<String> commits() throws SQLException {
    return new TreeSet<>(TrinoCluster.icebergCatalogRows("SELECT table_namespace || '.' || table_name || '='"
        + " || COALESCE(metadata_location, '') FROM iceberg_tables WHERE table_namespace LIKE '%" + prefix + "%'"));
  }

  @Override
  public void close() throws SQLException {
    try {
      TrinoCluster.dropObjectsOf(prefix);
    } finally {
      PostgresTestDatabase.dropDatabase(state);
    }
  }

  @Override
  public String toString() {
    return "Trino warehouse " + prefix + " at " + TrinoCluster.URL;
  }
}
