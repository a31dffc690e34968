package dev.venv.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class OwnerConnectionTest {

  @Test
  void theOwnersCredentialsReplaceTheClientsInPropertiesAndUrl() throws Exception {
    Properties client = new Properties();
    client.setProperty("user", "analyst");
    client.setProperty("password", "a");
    client.setProperty("sslmode", "require");
    Properties owner = new Properties();
    owner.setProperty("user", "venv_owner");
    owner.setProperty("password", "o");

    OwnerConnection c = OwnerConnection.of(
        "jdbc:postgresql://h/w?USER=analyst&ApplicationName=bi&password=a", client, owner);

    assertEquals("jdbc:postgresql://h:5432/w", c.url(), "PgJDBC lets the URL's user win: it must go");
    assertEquals("venv_owner", c.properties().getProperty("user"));
    assertEquals("o", c.properties().getProperty("password"));
    assertEquals("require", c.properties().getProperty("sslmode"), "how to reach the server still applies");
    assertEquals(null, c.properties().getProperty("ApplicationName"), "the client's session settings do not");
    assertEquals("analyst", client.getProperty("user"), "the client's own properties are untouched");
  }

  @Test
  void withoutAnOwnerVenvConnectsAsTheClient() throws Exception {
    Properties client = new Properties();
    client.setProperty("options", "-c default_transaction_read_only=on");
    OwnerConnection c = OwnerConnection.of("jdbc:postgresql://h,g:6543/w?user=analyst&ApplicationName=bi", client, null);
    assertEquals("jdbc:postgresql://h:5432,g:6543/w", c.url());
    assertEquals("analyst", c.properties().getProperty("user"));
    assertEquals(java.util.Set.of("user"), c.properties().stringPropertyNames(), "nothing of the client's session");
  }

  @Test
  void everySpellingOfOneDatabaseIsOneDatabase() throws Exception {
    Properties byProperty = new Properties();
    byProperty.setProperty("PGDBNAME", "w");
    assertEquals(database("jdbc:postgresql://h:5432/w?ApplicationName=x", new Properties()),
        database("jdbc:postgresql://h/", byProperty));
    Properties other = new Properties();
    other.setProperty("PGDBNAME", "v");
    assertNotEquals(database("jdbc:postgresql://h/", other), database("jdbc:postgresql://h/", byProperty));
    Properties socket = new Properties();
    socket.setProperty("socketFactoryArg", "/run/other/.s.PGSQL.5432");
    assertNotEquals(database("jdbc:postgresql://h/w", socket), database("jdbc:postgresql://h/w", new Properties()));
  }

  // Found by the review of issue 8: with no database in the URL the server takes the user's name,
  // so two users' URLs of one text reach two databases, and venv's own must reach the client's.
  @Test
  void withNoDatabaseNamedTheClientsUserNamesIt() throws Exception {
    assertNotEquals(database("jdbc:postgresql:?user=venv", new Properties()),
        database("jdbc:postgresql:?user=venv_reader", new Properties()));
    Properties owner = new Properties();
    owner.setProperty("user", "venv");
    owner.setProperty("password", "o");
    assertEquals("jdbc:postgresql://localhost:5432/venv_reader",
        OwnerConnection.of("jdbc:postgresql:?user=venv_reader", new Properties(), owner).url());
  }

  private static String database(String url, Properties client) throws Exception {
    return OwnerConnection.of(url, client, null).database();
  }

  @Test
  void poolsAreKeptApartByPassword() throws Exception {
    Properties right = new Properties();
    right.setProperty("user", "venv_owner");
    right.setProperty("password", "right");
    Properties wrong = new Properties();
    wrong.setProperty("user", "venv_owner");
    wrong.setProperty("password", "wrong");
    assertNotEquals(OwnerConnection.of("jdbc:postgresql://h/w", new Properties(), right).poolKey(),
        OwnerConnection.of("jdbc:postgresql://h/w", new Properties(), wrong).poolKey());
  }
}
