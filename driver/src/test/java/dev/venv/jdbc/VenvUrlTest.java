package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VenvUrlTest {

  @Test
  void environmentInTheUrl() throws SQLException {
    VenvUrl url = VenvUrl.parse("jdbc:venv:dev:duckdb:/data/w.db", new Properties());
    assertEquals("dev", url.environment());
    assertEquals("jdbc:duckdb:/data/w.db", url.backendUrl());
    assertTrue(url.backendProperties().isEmpty());
    assertEquals("prod", url.from());
    assertTrue(url.createLazily());
    assertEquals(Duration.ofDays(7), url.ttl().duration());
  }

  @Test
  void environmentInAnOption() throws SQLException {
    assertEquals("prod", VenvUrl.parse("jdbc:venv:duckdb:/data/w.db", null).environment());
    Properties p = new Properties();
    p.setProperty("env", "Staging");
    VenvUrl url = VenvUrl.parse("jdbc:venv:postgresql://localhost:5432/db", p);
    assertEquals("staging", url.environment());
    assertEquals("jdbc:postgresql://localhost:5432/db", url.backendUrl());
  }

  @Test
  void urlOptionsAreConsumedAndDuckDbSettingsBecomeProperties() throws SQLException {
    VenvUrl url = VenvUrl.parse(
        "jdbc:venv:dev:duckdb:/data/w.db?models=/repo/my%20models&from=qa&threads=2&ttl=12h&create=never", null);
    assertEquals("jdbc:duckdb:/data/w.db", url.backendUrl(), "DuckDB reads '?' as part of the file name");
    assertEquals(Path.of("/repo/my models"), url.models());
    assertEquals("qa", url.from());
    assertFalse(url.createLazily());
    assertEquals(Duration.ofHours(12), url.ttl().duration());
    assertEquals("2", url.backendProperties().getProperty("threads"));
  }

  @Test
  void postgresKeepsItsOwnUrlParameters() throws SQLException {
    VenvUrl url = VenvUrl.parse("jdbc:venv:dev:postgresql://localhost/db?sslmode=disable&models=/m&ApplicationName=x", null);
    assertEquals("jdbc:postgresql://localhost/db?sslmode=disable&ApplicationName=x", url.backendUrl());
    assertEquals(Path.of("/m"), url.models());
  }

  @Test
  void propertiesAreSplitBetweenVenvAndTheBackend() throws SQLException {
    Properties p = new Properties();
    p.setProperty("models", "/repo");
    p.setProperty("user", "alice");
    p.setProperty("ttl", "never");
    VenvUrl url = VenvUrl.parse("jdbc:venv:dev:duckdb:w.db", p);
    assertEquals(Path.of("/repo"), url.models());
    assertNull(url.ttl().duration());
    assertEquals("alice", url.backendProperties().getProperty("user"));
    assertNull(url.backendProperties().getProperty("models"), "the backend never sees venv's options");
    assertNull(url.backendProperties().getProperty("ttl"));
  }

  @Test
  void ownerCredentialsAreVenvsAndNeverReachTheClientSession() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "alice");
    p.setProperty("password", "a");
    p.setProperty("OWNER_PASSWORD", "secret");
    VenvUrl url = VenvUrl.parse("jdbc:venv:dev:postgresql://localhost/db?owner_user=venv_owner&sslmode=disable", p);
    assertEquals("jdbc:postgresql://localhost/db?sslmode=disable", url.backendUrl());
    assertEquals("alice", url.backendProperties().getProperty("user"), "the client's session keeps the client's role");
    assertNull(url.backendProperties().getProperty("owner_user"));
    assertNull(url.backendProperties().getProperty("OWNER_PASSWORD"));
    assertEquals("venv_owner", url.ownerProperties().getProperty("user"));
    assertEquals("secret", url.ownerProperties().getProperty("password"));
    assertEquals(2, url.ownerProperties().size(), "only the owner's credentials: the rest is the client's");
  }

  @Test
  void withoutOwnerCredentialsVenvWorksAsTheClientsRole() throws SQLException {
    assertNull(VenvUrl.parse("jdbc:venv:dev:postgresql://localhost/db?user=alice", null).ownerProperties());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "jdbc:venv:dev:duckdb:w.db?owner_password=x|22023",
      "jdbc:venv:dev:postgresql://h/db?owner_user=|22023",
      "jdbc:venv:|08001",
      "jdbc:venv:dev|08001",
      "jdbc:venv:dev:mysql://localhost/db|08001",
      "jdbc:venv:dev;drop:duckdb:w.db|42602",
      "jdbc:venv:Dev-1:duckdb:w.db|42602",
      "jdbc:venv:1abc:duckdb:w.db|42602",
      "jdbc:venv:dev:duckdb:w.db?create=sometimes|22023",
      "jdbc:venv:dev:duckdb:w.db?ttl=soon|22023",
      "jdbc:venv:dev:duckdb:w.db?refresh=sometimes|22023",
      "jdbc:venv:dev:duckdb:w.db?env=qa|08001",
  })
  void malformedUrlsSayWhatIsWrong(String url, String sqlState) {
    SQLException e = assertThrows(SQLException.class, () -> VenvUrl.parse(url, null));
    assertEquals(sqlState, e.getSQLState(), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc:duckdb:w.db", "jdbc:postgresql://h/db", "jdbc:venvx:dev:duckdb:w.db", ""})
  void otherUrlsAreNotVenvs(String url) {
    assertFalse(VenvUrl.accepts(url));
  }
}
