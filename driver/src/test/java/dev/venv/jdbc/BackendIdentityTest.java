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

  // Found by the second review of issue 8: a link to a file not made yet, then made by the first open.
  @Test
  void aLinkToADuckDbFileNotMadeYetIsOneDatabaseOnceMade() throws Exception {
    Path models = ModelRepositories.copyShop(dir.resolve("models"));
    Path link = Files.createSymbolicLink(dir.resolve("link.db"), dir.resolve("target.db"));
    VenvDriver driver = new VenvDriver();
    try (Connection first = driver.connect("jdbc:venv:prod:duckdb:" + link + "?models=" + models, new Properties());
        Connection second = driver.connect("jdbc:venv:prod:duckdb:" + link + "?models=" + models, new Properties());
        Statement s = first.createStatement()) {
      s.execute("CREATE TABLE main.seen AS SELECT 42 AS n");
      assertEquals(List.of("42"), Rows.of(second, "SELECT n FROM main.seen"));
    } finally {
      driver.close();
    }
    assertEquals(List.of(), Files.list(dir).map(p -> p.getFileName().toString()).filter(n -> n.startsWith("link.db."))
        .toList(), "nothing of DuckDB's beside the link");
  }

  @Test
  void twoHardLinksOfOneDuckDbFileAreOneDatabase() throws Exception {
    Path models = ModelRepositories.copyShop(dir.resolve("models"));
    Path file = dir.resolve("w.db");
    VenvDriver creator = new VenvDriver();
    creator.connect("jdbc:venv:prod:duckdb:" + file + "?models=" + models, new Properties()).close();
    creator.close();
    Path hardLink = Files.createLink(dir.resolve("h.db"), file);
    VenvDriver driver = new VenvDriver();
    VenvDriver another = new VenvDriver();
    try (Connection viaFile = driver.connect("jdbc:venv:prod:duckdb:" + file, new Properties());
        Connection viaLink = driver.connect("jdbc:venv:prod:duckdb:" + hardLink, new Properties());
        Connection otherRuntime = another.connect("jdbc:venv:prod:duckdb:" + hardLink, new Properties());
        Statement s = viaLink.createStatement()) {
      s.execute("CREATE TABLE main.seen AS SELECT 42 AS n");
      assertEquals(List.of("42"), Rows.of(viaFile, "SELECT n FROM main.seen"), "one database, whatever the name");
      assertEquals(List.of("42"), Rows.of(otherRuntime, "SELECT n FROM main.seen"), "in another runtime too");
    } finally {
      driver.close();
      another.close();
    }
  }

  // Found by the second review of issue 8: what a runtime learnt of a file outlived its deletion.
  @Test
  void aDuckDbFileMadeAnewWhileTheRuntimeHeldNothingIsReadAnew() throws Exception {
    Path plain = ModelRepositories.copyShop(dir.resolve("plain"));
    Path times = ModelRepositories.copyShop(dir.resolve("times"));
    ModelRepositories.edit(times.resolve("marts/customer_orders.sql"), "COUNT(v.order_id)  ", "COUNT(v.order_id) * 1000");
    Path file = dir.resolve("w.db");
    String url = "jdbc:venv:prod:duckdb:" + file;
    VenvDriver driver = new VenvDriver();
    try {
      try (Connection c = driver.connect(url + "?models=" + plain, new Properties())) {
        assertEquals(List.of("30"), Rows.of(c, ORDERS));
      }
      deleteDuckDbFile(file);
      try (Connection c = driver.connect(url + "?models=" + plain, new Properties())) {
        assertEquals(List.of("30"), Rows.of(c, ORDERS), "the state made anew, not assumed migrated");
      }
      deleteDuckDbFile(file);
      VenvDriver otherProcess = new VenvDriver();
      otherProcess.connect(url + "?models=" + times, new Properties()).close();
      otherProcess.close();
      try (Connection c = driver.connect(url, new Properties())) {
        assertEquals(List.of("30000"), Rows.of(c, ORDERS), "the file's prod now, not the route learnt before");
      }
    } finally {
      driver.close();
    }
  }

  @Test
  void conflictingReadOnlySpellingsAreReadAsDuckDbReadsThem() throws Exception {
    Path models = ModelRepositories.copyShop(dir.resolve("models"));
    VenvDriver driver = new VenvDriver();
    try (Connection c = driver.connect("jdbc:venv:prod:duckdb:" + dir.resolve("w.db") + "?models=" + models
        + "&duckdb.read_only=true&access_mode=read_write", new Properties())) {
      assertEquals(List.of("30"), Rows.of(c, ORDERS), "access_mode wins: read-write, so prod was created");
    } finally {
      driver.close();
    }
  }

  @Test
  void anotherDuckDbSettingOnAnOpenFileIsRefusedNotDropped() throws Exception {
    Path models = ModelRepositories.copyShop(dir.resolve("models"));
    Path file = dir.resolve("w.db");
    VenvDriver driver = new VenvDriver();
    try (Connection first = driver.connect("jdbc:venv:prod:duckdb:" + file + "?models=" + models, new Properties())) {
      SQLException refused = assertThrows(SQLException.class, () -> driver.connect(
          "jdbc:venv:prod:duckdb:" + file + "?enable_external_access=false", new Properties()).close());
      assertEquals("08004", refused.getSQLState(), refused.getMessage());
      assertTrue(first.isValid(1));
    } finally {
      driver.close();
    }
  }

  @Test
  void aDuckDbPathUnderTheHomeDirectoryIsDuckDbsOwn() throws Exception {
    Path models = ModelRepositories.copyShop(dir.resolve("models"));
    String home = System.getenv("HOME") != null ? System.getenv("HOME") : System.getProperty("user.home");
    Path own = Files.createTempDirectory(Path.of(home), "venv-test-");
    VenvDriver driver = new VenvDriver();
    try {
      String tilde = "~/" + own.getFileName() + "/w.db";
      try (Connection c = driver.connect("jdbc:venv:prod:duckdb:" + tilde + "?models=" + models, new Properties())) {
        assertEquals(List.of("30"), Rows.of(c, ORDERS));
      }
      assertTrue(Files.exists(own.resolve("w.db")), "the file is where DuckDB puts ~");
    } finally {
      driver.close();
      try (var files = Files.walk(own)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void deleteDuckDbFile(Path file) throws java.io.IOException {
    Files.delete(file);
    Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".wal"));
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
