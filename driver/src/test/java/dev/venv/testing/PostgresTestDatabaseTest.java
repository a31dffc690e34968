package dev.venv.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresTestDatabaseTest {
  @RegisterExtension static final PostgresTestDatabase pg = PostgresTestDatabase.perClass();

  @Test
  void urlsKeepHostPortAndOptions() {
    assertEquals("jdbc:postgresql://h:5433/other?ssl=false",
        PostgresTestDatabase.withDatabase("jdbc:postgresql://h:5433/venv_test?ssl=false", "other"));
    assertEquals("jdbc:postgresql://h/other", PostgresTestDatabase.withDatabase("jdbc:postgresql://h/", "other"));
    assertEquals("jdbc:postgresql://h/other", PostgresTestDatabase.withDatabase("jdbc:postgresql://h", "other"));
    assertEquals("venv_test", PostgresTestDatabase.databaseName("jdbc:postgresql://a:1,b:2/venv_test?x=y"));
  }

  @Test
  void theClassDatabaseIsFreshAndOwnedByTheTestRole() throws SQLException {
    String name = PostgresTestDatabase.databaseName(pg.url());
    assertTrue(name.startsWith("venv_test_"), name);
    assertEquals(pg.url(), pg.url());
    try (Connection c = pg.open(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_database(), current_user,"
            + " (SELECT COUNT(*) FROM information_schema.tables WHERE table_schema NOT IN"
            + " ('pg_catalog', 'information_schema'))")) {
      rs.next();
      assertEquals(name, rs.getString(1));
      assertEquals(PostgresTestDatabase.USER, rs.getString(2));
      assertEquals(0, rs.getInt(3));
    }
  }

  @Test
  void freshDatabasesAreDistinctAndDropped() throws SQLException {
    String url = PostgresTestDatabase.freshDatabaseUrl();
    assertNotEquals(PostgresTestDatabase.URL, url);
    try (Connection open = PostgresTestDatabase.connect(url)) {
      // Dropped even while a session is still on it.
      PostgresTestDatabase.dropDatabase(url);
    }
    try (Connection c = PostgresTestDatabase.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pg_database WHERE datname = '"
            + PostgresTestDatabase.databaseName(url) + "'")) {
      rs.next();
      assertEquals(0, rs.getInt(1));
    }
    assertThrows(IllegalArgumentException.class, () -> PostgresTestDatabase.dropDatabase(PostgresTestDatabase.URL));
  }
}
