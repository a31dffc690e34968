package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.testing.ModelRepositories;
import dev.venv.testing.PostgresTestDatabase;
import dev.venv.testing.Rows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver with two PostgreSQL roles: venv's work as the owner ({@code owner_user},
 * {@code owner_password}), the client's session as the URL's user, who may read and nothing else.
 */
class PostgresOwnerRoleTest {
  @RegisterExtension static final PostgresTestDatabase pg = PostgresTestDatabase.perClassTwoRoles();

  @TempDir Path dir;

  @Test
  void venvWorksAsTheOwnerAndTheClientSessionReadsAsTheClient() throws Exception {
    Path models = ModelRepositories.copyShop(dir);
    String url = "jdbc:venv:dev:" + pg.url().substring("jdbc:".length());
    Properties p = readerWithOwner();
    p.setProperty("models", models.toString());
    try (Connection dev = DriverManager.getConnection(url, p)) { // lazy: creates prod's baseline-less dev
      assertEquals(List.of(PostgresTestDatabase.READER_USER), Rows.of(dev, "SELECT current_user"));
      assertEquals(12, Rows.of(dev, "SELECT * FROM marts.customer_orders").size(), "dev's rows, read as the client");
    }
    try (Connection owner = pg.open()) {
      List<String> owners = Rows.of(owner, "SELECT DISTINCT pg_get_userbyid(c.relowner) FROM pg_class c"
          + " JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname LIKE 'venv\\_%' OR n.nspname LIKE '%\\_\\_dev'");
      assertEquals(List.of(PostgresTestDatabase.USER), owners, "every venv object belongs to the owner");
      assertEquals(List.of(PostgresTestDatabase.USER), Rows.of(owner, "SELECT DISTINCT pg_get_userbyid(nspowner)"
          + " FROM pg_namespace WHERE nspname LIKE 'venv\\_%' OR nspname LIKE '%\\_\\_dev'"));
    }
  }

  @Test
  void aClientWithoutOwnerCredentialsReadsAnExistingEnvironmentAndCreatesNothing() throws Exception {
    Path models = ModelRepositories.copyShop(dir);
    String backend = pg.url().substring("jdbc:".length());
    Properties owner = readerWithOwner();
    owner.setProperty("models", models.toString());
    DriverManager.getConnection("jdbc:venv:qa:" + backend, owner).close();

    // A driver of its own, as in another JVM: it has not checked the state schema yet, so connecting
    // reads the schema version as the client; and the use is recorded, or not, without failing.
    String readerUrl = "jdbc:venv:qa:" + backend + "?ApplicationName=reader-only";
    VenvDriver another = new VenvDriver();
    try (Connection qa = another.connect(readerUrl, PostgresTestDatabase.readerProperties())) {
      assertEquals(List.of(PostgresTestDatabase.READER_USER), Rows.of(qa, "SELECT current_user"));
      assertEquals(12, Rows.of(qa, "SELECT * FROM marts.customer_orders").size());
    } finally {
      another.close();
    }

    Properties reader = PostgresTestDatabase.readerProperties();
    reader.setProperty("models", models.toString());
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection("jdbc:venv:other:" + backend + "?ApplicationName=reader-only", reader));
    assertEquals("42501", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains("owner_user"), "says how to connect so that venv may create it: " + e.getMessage());
  }

  /** Found by the break-it review of issue 12: a role that may not read the state got PostgreSQL's bare refusal. */
  @Test
  void aClientRoleThatMayNotReadTheStateIsToldWhatItLacks() throws Exception {
    Path models = ModelRepositories.copyShop(dir);
    String backend = pg.url().substring("jdbc:".length());
    Properties owner = readerWithOwner();
    owner.setProperty("models", models.toString());
    DriverManager.getConnection("jdbc:venv:ungranted:" + backend, owner).close();
    String reader = PostgresTestDatabase.READER_USER;
    try (Connection c = pg.open(); Statement s = c.createStatement()) {
      s.execute("REVOKE USAGE ON SCHEMA venv_state FROM " + reader);
    }
    VenvDriver another = new VenvDriver(); // as in another JVM: no route known yet
    try {
      SQLException e = assertThrows(SQLException.class,
          () -> another.connect("jdbc:venv:ungranted:" + backend, PostgresTestDatabase.readerProperties()));
      assertEquals("42501", e.getSQLState(), e.getMessage());
      for (String says : List.of("environment 'ungranted'", "venv_state", "owner_user", "GRANT USAGE ON SCHEMA")) {
        assertTrue(e.getMessage().contains(says), "says " + says + ": " + e.getMessage());
      }
      try (Connection withOwner = another.connect("jdbc:venv:ungranted:" + backend, readerWithOwner())) {
        assertEquals(12, Rows.of(withOwner, "SELECT * FROM marts.customer_orders").size(), "the owner reads the state");
      }
    } finally {
      another.close();
      try (Connection c = pg.open(); Statement s = c.createStatement()) {
        s.execute("GRANT USAGE ON SCHEMA venv_state TO " + reader);
      }
    }
  }

  /** Found by the break-it review of issue 12: a database without venv's state yet was said to refuse a read of it. */
  @Test
  void aClientRoleInADatabaseWithoutStateIsToldToBringTheOwner() throws Exception {
    String fresh = PostgresTestDatabase.freshDatabaseUrl(); // a database venv has not set up
    PostgresTestDatabase.prepareTwoRoles(fresh);
    String url = "jdbc:venv:qa:" + fresh.substring("jdbc:".length());
    try {
      Properties reader = PostgresTestDatabase.readerProperties();
      reader.setProperty("models", ModelRepositories.copyShop(dir).toString());
      SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, reader));
      assertEquals("42501", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("holds no venv state yet") && e.getMessage().contains("owner_user"),
          e.getMessage());
      assertFalse(e.getMessage().contains("may not read venv's state"), e.getMessage());
    } finally {
      PostgresTestDatabase.dropDatabase(fresh);
    }
  }

  @Test
  void aDataSourceTakesTheOwnerAsBeanProperties() throws Exception {
    VenvDataSource ds = new VenvDataSource();
    ds.setUrl("jdbc:venv:ds:" + pg.url().substring("jdbc:".length()));
    ds.setModels(ModelRepositories.copyShop(dir).toString());
    ds.setUser(PostgresTestDatabase.READER_USER);
    ds.setPassword(PostgresTestDatabase.READER_PASSWORD);
    ds.setOwnerUser(PostgresTestDatabase.USER);
    ds.setOwnerPassword(PostgresTestDatabase.PASSWORD);
    try (Connection c = ds.getConnection()) {
      assertEquals(List.of(PostgresTestDatabase.READER_USER), Rows.of(c, "SELECT current_user"));
      assertEquals(12, Rows.of(c, "SELECT * FROM marts.customer_orders").size());
    }
    try (Connection owner = pg.open()) {
      assertEquals(List.of(PostgresTestDatabase.USER), Rows.of(owner, "SELECT DISTINCT pg_get_userbyid(c.relowner)"
          + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'marts__ds'"));
    }
  }

  @Test
  void credentialsInTheBackendUrlStayTheClients() throws Exception {
    String url = "jdbc:venv:inurl:" + pg.url().substring("jdbc:".length()) + "?user=" + PostgresTestDatabase.READER_USER
        + "&password=" + PostgresTestDatabase.READER_PASSWORD + "&owner_user=" + PostgresTestDatabase.USER
        + "&owner_password=" + PostgresTestDatabase.PASSWORD + "&models=" + ModelRepositories.copyShop(dir);
    try (Connection c = DriverManager.getConnection(url)) {
      assertEquals(List.of(PostgresTestDatabase.READER_USER), Rows.of(c, "SELECT current_user"));
    }
    try (Connection owner = pg.open()) {
      assertEquals(List.of(PostgresTestDatabase.USER), Rows.of(owner, "SELECT DISTINCT pg_get_userbyid(c.relowner)"
          + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'marts__inurl'"));
    }
  }

  @Test
  void aWrongOwnerPasswordNeverBorrowsTheOwnersConnections() throws Exception {
    Path models = ModelRepositories.copyShop(dir);
    String url = "jdbc:venv:pw:" + pg.url().substring("jdbc:".length());
    Properties right = readerWithOwner();
    right.setProperty("models", models.toString());
    DriverManager.getConnection(url, right).close(); // venv's pool for the owner is open now

    Properties wrong = readerWithOwner();
    wrong.setProperty("owner_password", "not-the-password");
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, wrong));
    assertEquals("28P01", e.getSQLState(), e.getMessage());

    // credentials in the URL never come back in a message
    String withPassword = url + "?user=" + PostgresTestDatabase.READER_USER + "&password="
        + PostgresTestDatabase.READER_PASSWORD + "&owner_user=" + PostgresTestDatabase.USER
        + "&owner_password=not-the-password";
    SQLException inUrl = assertThrows(SQLException.class, () -> DriverManager.getConnection(withPassword,
        new Properties()));
    assertFalse(inUrl.getMessage().contains("not-the-password") || inUrl.getMessage().contains(
        "password=" + PostgresTestDatabase.READER_PASSWORD), inUrl.getMessage());
  }

  @Test
  void duckDbHasNoRolesSoOwnerCredentialsAreRefused(@TempDir Path duckDir) {
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
        "jdbc:venv:dev:duckdb:" + duckDir.resolve("w.db") + "?owner_user=venv_owner", new Properties()));
    assertEquals("0A000", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains("driver alone"), e.getMessage());
  }

  private static Properties readerWithOwner() {
    Properties p = PostgresTestDatabase.readerProperties();
    p.setProperty("owner_user", PostgresTestDatabase.USER);
    p.setProperty("owner_password", PostgresTestDatabase.PASSWORD);
    return p;
  }
}
