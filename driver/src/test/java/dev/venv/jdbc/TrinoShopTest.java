package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.venv.testing.ModelRepositories;
import dev.venv.testing.PostgresTestDatabase;
import dev.venv.testing.Rows;
import dev.venv.testing.TrinoCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/shop, the repository the quickstart and every example read, as it is on Trino (issue
 * 10's acceptance): prod made by a connect through {@code jdbc:venv:prod:trino://…}, every mart
 * holding the rows DuckDB and PostgreSQL give for the same repository, and a dev with the
 * quickstart's one change that builds that model alone and reads its own rows.
 *
 * <p>The shop's schema names are fixed ({@code raw}, {@code staging}, {@code marts}), so the run
 * takes the cluster's catalog {@code shop} whole, as the fuzzer takes {@code fuzz}: under a
 * PostgreSQL advisory lock on the Iceberg catalog's database, emptied before and after.
 */
class TrinoShopTest {
  private static final String CATALOG = "shop";
  /** The advisory lock that gives one run at a time the catalog (the fuzzer's is ...015). */
  private static final long LOCK = 7_010_107_016L;
  /** Each mart in full, by its grain: every column the examples print from. */
  private static final Map<String, String> MARTS = new LinkedHashMap<>();

  static {
    MARTS.put("marts.customer_orders", "SELECT * FROM marts.customer_orders ORDER BY customer_id");
    MARTS.put("marts.customer_lifetime", "SELECT * FROM marts.customer_lifetime ORDER BY customer_id");
    MARTS.put("marts.country_revenue", "SELECT * FROM marts.country_revenue ORDER BY country_code");
    MARTS.put("marts.daily_revenue", "SELECT * FROM marts.daily_revenue ORDER BY order_date");
    MARTS.put("marts.product_sales", "SELECT * FROM marts.product_sales ORDER BY product_id");
    MARTS.put("active_days", "SELECT customer_id, active_days FROM marts.customer_lifetime ORDER BY customer_id");
  }

  @TempDir Path dir;

  @Test
  void theShopBuildsOnTrinoWithTheRowsOfDuckDbAndPostgres() throws Exception {
    TrinoCluster.assumeAvailable();
    Path shop = ModelRepositories.examples().resolve("shop/models");
    Map<String, List<String>> duckdb = marts("jdbc:venv:prod:duckdb:" + dir.resolve("w.db") + "?models=" + shop);
    // the days from the first order to the last, as CAST(date - date AS INTEGER) gave them on DuckDB
    assertEquals(List.of("1|58", "2|48", "3|62", "4|21", "5|39", "6|52", "7|21", "8|32", "9|46", "10|22", "11|17",
        "12|null"), duckdb.get("active_days"));
    String pg = PostgresTestDatabase.freshDatabaseUrl();
    try {
      assertEquals(duckdb, marts("jdbc:venv:prod:" + pg.substring("jdbc:".length()) + "?user="
          + PostgresTestDatabase.USER + "&password=" + PostgresTestDatabase.PASSWORD + "&models=" + shop));
    } finally {
      PostgresTestDatabase.dropDatabase(pg);
    }

    try (Connection lock = TrinoCluster.icebergCatalogConnection();
        Connection raw = TrinoCluster.connect(TrinoCluster.OWNER)) {
      try (Statement s = lock.createStatement()) {
        s.execute("SELECT pg_advisory_lock(" + LOCK + ")");
      }
      TrinoCluster.emptyCatalog(raw, CATALOG);
      String state = PostgresTestDatabase.freshDatabaseUrl();
      try {
        String trino = TrinoCluster.catalogUrl(CATALOG).substring("jdbc:".length());
        String options = "?user=" + TrinoCluster.CLIENT + "&owner_user=" + TrinoCluster.OWNER + "&state="
            + state.substring("jdbc:".length()) + "&state_user=" + PostgresTestDatabase.USER + "&state_password="
            + PostgresTestDatabase.PASSWORD;
        Map<String, List<String>> prod = marts("jdbc:venv:prod:" + trino + options + "&models=" + shop);
        assertEquals(duckdb, prod, "Trino's marts are DuckDB's");
        assertEquals(11, physicalObjects(raw), "prod: 3 seeds, 3 views, 5 marts");

        // dev: the quickstart's change, customer_orders' order_count counting completed orders only
        Path devShop = ModelRepositories.copyShop(dir.resolve("dev"));
        ModelRepositories.edit(devShop.resolve("marts/customer_orders.sql"), "COUNT(v.order_id)    ",
            "COUNT(CASE WHEN v.order_status = 'completed' THEN v.order_id END)");
        Map<String, List<String>> dev = marts("jdbc:venv:dev:" + trino + options + "&models=" + devShop);
        assertEquals(12, physicalObjects(raw), "dev built the changed model alone, and shares or reuses the rest");
        assertNotEquals(prod.get("marts.customer_orders"), dev.get("marts.customer_orders"));
        for (String mart : List.of("marts.customer_lifetime", "marts.country_revenue", "marts.daily_revenue",
            "marts.product_sales")) {
          assertEquals(prod.get(mart), dev.get(mart), mart + " reads no column that changed");
        }
        // one SQL text, two URLs, each environment's rows; a write to a model is refused
        String sql = "SELECT customer_id, order_count FROM marts.customer_orders WHERE customer_id = 9";
        try (Connection p = DriverManager.getConnection("jdbc:venv:prod:" + trino + options);
            Connection d = DriverManager.getConnection("jdbc:venv:dev:" + trino + options)) {
          assertEquals(List.of("9|3"), Rows.of(p, sql));
          assertEquals(List.of("9|1"), Rows.of(d, sql), "dev counts customer 9's one completed order of three");
          SQLException refused = assertThrows(SQLException.class,
              () -> d.createStatement().execute("DELETE FROM marts.customer_lifetime"));
          assertEquals("42501", refused.getSQLState(), refused.getMessage());
        }
      } finally {
        try {
          TrinoCluster.emptyCatalog(raw, CATALOG);
        } finally {
          PostgresTestDatabase.dropDatabase(state);
        }
      }
    }
  }

  /** Every mart's rows through a venv URL (the connect creates the environment when missing). */
  private static Map<String, List<String>> marts(String url) throws SQLException {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection(url)) {
      for (Map.Entry<String, String> mart : MARTS.entrySet()) {
        rows.put(mart.getKey(), Rows.of(c, mart.getValue()));
      }
    }
    return rows;
  }

  private static int physicalObjects(Connection raw) throws SQLException {
    return Integer.parseInt(Rows.of(raw, "SELECT count(*) FROM " + CATALOG + ".information_schema.tables"
        + " WHERE table_schema LIKE 'venv\\_\\_%' ESCAPE '\\'").get(0));
  }
}
