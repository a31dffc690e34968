package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.testing.ModelRepositories;
import dev.venv.testing.PostgresTestDatabase;
import dev.venv.testing.Rows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A runtime's caches and open databases are keyed on the database a connection reaches, not on
 * how its URL is spelled: found by the review of issue 8, where one PostgreSQL URL naming its
 * database by property read another database's environment, two paths of one DuckDB file opened
 * it twice (and lost a write), and a read-only spelling DuckDB knows was taken for read-write.
 */
class BackendIdentityTest {
  @RegisterExtension static final PostgresTestDatabase pg = PostgresTestDatabase.perClass();

  private static final String ORDERS = "SELECT sum(order_count) FROM marts.customer_orders";

  @TempDir Path dir;

  @Test
  void onePostgresUrlNamingItsDatabaseByPropertyReadsEachDatabasesOwnEnvironment() throws Exception {
    String first = pg.url();
    String second = PostgresTestDatabase.freshDatabaseUrl();
    Path plain = ModelRepositories.copyShop(dir.resolve("plain"));
    Path times = ModelRepositories.copyShop(dir.resolve("times"));
    ModelRepositories.edit(times.resolve("marts/customer_orders.sql"), "COUNT(v.order_id)  ", "COUNT(v.order_id) * 1000");
    createProd(first, plain);
    createProd(second, times);
    assertEquals(stateVersion(first), stateVersion(second),
        "the guard: one state version, so a cache keyed on the URL alone takes one database for the other");
    String sharedUrl = "jdbc:venv:prod:" + PostgresTestDatabase.withDatabase(first, "").substring("jdbc:".length());
    VenvDriver driver = new VenvDriver();
    try {
      for (String database : List.of(first, second, first)) {
        Properties properties = PostgresTestDatabase.ownerProperties();
        properties.setProperty("PGDBNAME", PostgresTestDatabase.databaseName(database));
        try (Connection c = driver.connect(sharedUrl, properties)) {
          assertEquals(rawRows(database, ORDERS), Rows.of(c, ORDERS), PostgresTestDatabase.databaseName(database));
        }
      }
    } finally {
      driver.close();
    }
  }

  @Test
  void twoPathsOfOneDuckDbFileAreOneDatabase() throws Exception {
    Path models = ModelRepositories.copyShop(dir.resolve("models"));
    Path file = dir.resolve("w.db");
    Path link = Files.createSymbolicLink(dir.resolve("link.db"), file);
    VenvDriver driver = new VenvDriver();
    VenvDriver another = new VenvDriver();
    try (Connection viaFile = driver.connect("jdbc:venv:prod:duckdb:" + file + "?models=" + models, new Properties());
        Connection viaLink = driver.connect("jdbc:venv:prod:duckdb:" + link, new Properties());
        Connection otherRuntime = another.connect("jdbc:venv:prod:duckdb:" + dir.resolve("x/../link.db"),
            new Properties());
        Statement s = viaFile.createStatement()) {
      s.execute("CREATE TABLE main.seen AS SELECT 42 AS n");
      assertEquals(List.of("42"), Rows.of(viaLink, "SELECT n FROM main.seen"), "one database, whatever the path");
      assertEquals(List.of("42"), Rows.of(otherRuntime, "SELECT n FROM main.seen"), "in another runtime too");
    } finally {
      driver.close();
      another.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"duckdb.read_only=1", "duckdb.read_only=yes", "duckdb.read_only=ON", "access_mode=read_only"})
  void everyReadOnlySpellingDuckDbKnowsIsReadOnly(String option) throws Exception {
    Path models = ModelRepositories.copyShop(dir.resolve("models"));
    Path file = dir.resolve("w.db");
    VenvDriver driver = new VenvDriver();
    try {
      try (Connection writer = driver.connect("jdbc:venv:prod:duckdb:" + file + "?models=" + models, new Properties())) {
        SQLException refused = assertThrows(SQLException.class,
            () -> driver.connect("jdbc:venv:prod:duckdb:" + file + "?" + option, new Properties()).close());
        assertEquals("08004", refused.getSQLState(), "never the read-write database: " + refused.getMessage());
        assertEquals(List.of("30"), Rows.of(writer, ORDERS));
      }
      try (Connection reader = driver.connect("jdbc:venv:prod:duckdb:" + file + "?" + option, new Properties())) {
        assertEquals(List.of("30"), Rows.of(reader, ORDERS), "a read-only connect reads and writes nothing");
        SQLException write = assertThrows(SQLException.class,
            () -> reader.createStatement().execute("CREATE TABLE main.planted (n INTEGER)"));
        assertTrue(write.getMessage().contains("read-only"), write.getMessage());
      }
    } finally {
      driver.close();
    }
  }

  @Test
  void anAccessModeDuckDbDoesNotKnowIsRefusedBeforeAnythingOpens() throws Exception {
    Path models = ModelRepositories.copyShop(dir.resolve("models"));
    Path file = dir.resolve("w.db");
    VenvDriver driver = new VenvDriver();
    try (Connection writer = driver.connect("jdbc:venv:prod:duckdb:" + file + "?models=" + models, new Properties())) {
      SQLException refused = assertThrows(SQLException.class,
          () -> driver.connect("jdbc:venv:prod:duckdb:" + file + "?access_mode='READ_ONLY'", new Properties()).close());
      assertEquals("08001", refused.getSQLState(), refused.getMessage());
      assertTrue(refused.getMessage().contains("access_mode"), refused.getMessage());
    } finally {
      driver.close();
    }
  }

  private static void createProd(String backendUrl, Path models) throws SQLException {
    VenvDriver creator = new VenvDriver();
    Properties properties = PostgresTestDatabase.ownerProperties();
    properties.setProperty("models", models.toString());
    try (Connection c = creator.connect("jdbc:venv:prod:" + backendUrl.substring("jdbc:".length()), properties)) {
      assertTrue(c.isValid(1));
    } finally {
      creator.close();
    }
  }

  private static List<String> rawRows(String backendUrl, String sql) throws SQLException {
    try (Connection c = PostgresTestDatabase.connect(backendUrl)) {
      return Rows.of(c, sql);
    }
  }

  private static List<String> stateVersion(String backendUrl) throws SQLException {
    return rawRows(backendUrl, "SELECT version FROM venv_state.state_version");
  }
}
