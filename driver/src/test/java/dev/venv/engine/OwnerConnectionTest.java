package dev.venv.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class OwnerConnectionTest {

  @Test
  void theOwnersCredentialsReplaceTheClientsInPropertiesAndUrl() {
    Properties client = new Properties();
    client.setProperty("user", "analyst");
    client.setProperty("password", "a");
    client.setProperty("sslmode", "require");
    Properties owner = new Properties();
    owner.setProperty("user", "venv_owner");
    owner.setProperty("password", "o");

    OwnerConnection c = OwnerConnection.of(
        "jdbc:postgresql://h/w?USER=analyst&ApplicationName=bi&password=a", client, owner);

    assertEquals("jdbc:postgresql://h/w?ApplicationName=bi", c.url(), "PgJDBC lets the URL's user win: it must go");
    assertEquals("venv_owner", c.properties().getProperty("user"));
    assertEquals("o", c.properties().getProperty("password"));
    assertEquals("require", c.properties().getProperty("sslmode"), "the client's other settings still apply");
    assertEquals("analyst", client.getProperty("user"), "the client's own properties are untouched");
  }

  @Test
  void withoutAnOwnerVenvConnectsAsTheClient() {
    Properties client = new Properties();
    OwnerConnection c = OwnerConnection.of("jdbc:postgresql://h/w?user=analyst", client, null);
    assertEquals("jdbc:postgresql://h/w?user=analyst", c.url());
    assertSame(client, c.properties());
  }

  @Test
  void poolsAreKeptApartByPassword() {
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
