package dev.venv.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a backend URL says of itself, as the backend's driver reads it. */
class EngineUrlTest {
  @TempDir Path dir;

  @Test
  void theUserAPostgresUrlNamesInItself() {
    assertEquals("analyst", Engine.userNamedIn("jdbc:postgresql://h/w?ApplicationName=x&user=analyst"));
    assertEquals("a b", Engine.userNamedIn("jdbc:postgresql://h/w?user=a%20b"));
    assertNull(Engine.userNamedIn("jdbc:postgresql://h/w"));
    assertNull(Engine.userNamedIn("jdbc:duckdb:/data/w.db"));
  }

  // Found by the second review of issue 8: a service file's user is not the URL's (properties win over it).
  @Test
  void aServiceFilesUserIsNotTheUrls() throws Exception {
    Path services = Files.writeString(dir.resolve("pg_service.conf"), "[sa]\nhost=localhost\ndbname=w\nuser=owner\n");
    String before = System.getProperty("org.postgresql.pgservicefile");
    System.setProperty("org.postgresql.pgservicefile", services.toString());
    try {
      assertNull(Engine.userNamedIn("jdbc:postgresql://?service=sa"));
    } finally {
      if (before == null) {
        System.clearProperty("org.postgresql.pgservicefile");
      } else {
        System.setProperty("org.postgresql.pgservicefile", before);
      }
    }
  }
}
