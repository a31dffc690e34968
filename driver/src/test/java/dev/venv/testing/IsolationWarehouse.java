package dev.venv.testing;

import dev.venv.testing.Warehouse.Backend;
import dev.venv.env.Environments;
import dev.venv.model.ModelRepository;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A warehouse on one backend (DuckDB or PostgreSQL) holding three environments whose models
 * overlap, for isolation tests:
 *
 * <ul>
 *   <li>prod: {@code sales.orders} (tag {@code prod}), {@code sales.shared} (tag {@code shared},
 *       the same snapshot in every environment), {@code sales.both} (a keyword as table name),
 *       {@code analytics.order_count} (a VIEW over sales.orders), {@code analytics.slow_totals}
 *       (prod only);
 *   <li>dev: sales.orders changed (tag {@code dev}), no analytics.slow_totals;
 *   <li>qa: like dev, plus {@code qa_only.things} (a schema no other environment has).
 * </ul>
 *
 * Every environment also holds {@code analytics.external_view}, a VIEW over the external table
 * {@code external.src}. Plus a schema {@code scratch} of the user's with a table {@code scratch.notes}.
 */
public final class IsolationWarehouse implements AutoCloseable {
  private final Warehouse warehouse;
  private final Path dir;
  private final Environments environments;

  private IsolationWarehouse(Warehouse warehouse, Path dir) throws SQLException {
    this.warehouse = warehouse;
    this.dir = dir;
    this.environments = warehouse.environments();
  }

  /** A new warehouse in {@code dir} (DuckDB) or a fresh database (PostgreSQL), with prod, dev and qa. */
  public static IsolationWarehouse create(Backend backend, Path dir) throws SQLException {
    try {
      java.nio.file.Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Warehouse warehouse = Warehouse.open(backend, dir);
    IsolationWarehouse w;
    try {
      w = new IsolationWarehouse(warehouse, dir);
    } catch (SQLException | RuntimeException e) {
      warehouse.close();
      throw e;
    }
    try {
      w.raw("CREATE SCHEMA external", "CREATE TABLE external.src AS SELECT 1 AS x");
      w.createEnvironment("prod", w.repository("prod", "prod", true, false));
      w.createEnvironment("dev", w.repository("dev", "dev", false, false));
      w.createEnvironment("qa", w.repository("qa", "dev", false, true));
      w.raw("CREATE SCHEMA scratch", "CREATE TABLE scratch.notes (id INTEGER, note VARCHAR(20))",
          "INSERT INTO scratch.notes VALUES (1, 'mine')");
    } catch (SQLException | RuntimeException e) {
      w.close();
      throw e;
    }
    return w;
  }

  public Backend backend() {
    return warehouse.backend();
  }

  public boolean isPostgres() {
    return warehouse.backend() == Backend.POSTGRES;
  }

  public Environments environments() {
    return environments;
  }

  /**
   * A model repository: {@code ordersTag} is what sales.orders says; {@code slowTotals} adds the
   * prod-only model, {@code qaOnly} the qa-only schema.
   */
  public Path repository(String name, String ordersTag, boolean slowTotals, boolean qaOnly) {
    Path models = dir.resolve("repos").resolve(name);
    ModelRepositories.write(models.resolve("sales/orders.sql"), "MODEL (name sales.orders, kind FULL);\n"
        + "SELECT 1 AS id, '" + ordersTag + "' AS tag UNION ALL SELECT 2 AS id, '" + ordersTag + "' AS tag");
    ModelRepositories.write(models.resolve("sales/shared.sql"),
        "MODEL (name sales.shared, kind FULL);\nSELECT 1 AS id, 'shared' AS tag");
    ModelRepositories.write(models.resolve("sales/both.sql"), "MODEL (name sales.both, kind FULL);\nSELECT 7 AS x");
    ModelRepositories.write(models.resolve("analytics/order_count.sql"),
        "MODEL (name analytics.order_count, kind VIEW);\nSELECT count(*) AS n, min(tag) AS tag FROM sales.orders");
    ModelRepositories.write(models.resolve("analytics/external_view.sql"),
        "MODEL (name analytics.external_view, kind VIEW);\nSELECT x FROM external.src");
    if (slowTotals) {
      ModelRepositories.write(models.resolve("analytics/slow_totals.sql"),
          "MODEL (name analytics.slow_totals, kind FULL);\nSELECT 42 AS total");
    }
    if (qaOnly) {
      ModelRepositories.write(models.resolve("qa_only/things.sql"),
          "MODEL (name qa_only.things, kind FULL);\nSELECT 'qa' AS tag");
    }
    return models;
  }

  /** Creates or updates an environment from a repository. */
  public void createEnvironment(String name, Path models) throws SQLException {
    environments.create(ModelRepository.load(models, environments.engine().dialect()), name, "prod", null);
  }

  /** A venv URL of an environment, with the given options appended after {@code ?}. */
  public String venvUrl(String environment, String... options) {
    String url = "jdbc:venv:" + environment + ":" + warehouse.url().substring("jdbc:".length());
    return options.length == 0 ? url : url + (url.contains("?") ? "&" : "?") + String.join("&", options);
  }

  /** A venv connection to an environment. */
  public Connection connect(String environment, String... options) throws SQLException {
    return DriverManager.getConnection(venvUrl(environment, options), credentials());
  }

  /** A raw backend connection, as the warehouse's owner. */
  public Connection raw() throws SQLException {
    return warehouse.connect();
  }

  /** Runs statements on a raw backend connection. */
  public void raw(String... statements) throws SQLException {
    try (Connection c = raw(); java.sql.Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** Rows of a query on a raw backend connection. */
  public List<String> rawRows(String sql) throws SQLException {
    return warehouse.rows(sql);
  }

  /**
   * Everything venv keeps, through a raw connection: every object in venv's and the model and
   * view schemas with its rows, and the environments' records. Equal before and after a refused
   * statement, or the statement changed something.
   */
  public TreeMap<String, List<String>> venvDigest() throws SQLException {
    TreeMap<String, List<String>> digest = new TreeMap<>();
    List<String> objects = rawRows("SELECT table_schema || '.' || table_name FROM information_schema.tables"
        + " WHERE table_schema LIKE 'venv%' OR table_schema IN ('sales', 'analytics', 'qa_only')"
        + " OR table_schema LIKE 'sales\\_\\_%' ESCAPE '\\' OR table_schema LIKE 'analytics\\_\\_%' ESCAPE '\\'"
        + " OR table_schema LIKE 'qa\\_only\\_\\_%' ESCAPE '\\'");
    digest.put("objects", new ArrayList<>(new java.util.TreeSet<>(objects)));
    for (String object : objects) {
      if (object.startsWith("venv_state.")) {
        continue;
      }
      int dot = object.indexOf('.');
      String quoted = '"' + object.substring(0, dot) + "\".\"" + object.substring(dot + 1) + '"';
      List<String> rows = new ArrayList<>(rawRows("SELECT * FROM " + quoted));
      rows.sort(null);
      digest.put(object, rows);
    }
    digest.put("environments", rawRows("SELECT name, plan_id, expires_at FROM venv_state.environments ORDER BY name"));
    return digest;
  }

  /** The physical table of a model in an environment, {@code schema.table}, read from the state. */
  public String physical(String environment, String model) throws SQLException {
    List<String> rows = rawRows("SELECT s.physical_schema || '.' || s.physical_table FROM venv_state.environments e"
        + " JOIN venv_state.plan_snapshots p ON p.plan_id = e.plan_id JOIN venv_state.snapshots s"
        + " ON s.model = p.model AND s.fingerprint = p.fingerprint WHERE e.name = '" + environment + "'"
        + " AND s.model = '" + model + "'");
    if (rows.size() != 1) {
      throw new AssertionError(model + " in " + environment + ": " + rows);
    }
    return rows.get(0);
  }

  public Properties credentials() {
    return warehouse.credentials();
  }

  @Override
  public void close() throws SQLException {
    try {
      environments.close();
    } finally {
      warehouse.close();
    }
  }
}
