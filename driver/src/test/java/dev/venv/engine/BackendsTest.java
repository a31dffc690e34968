package dev.venv.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runtime's backends once closed open nothing more. Found by the review of issue 8: connects
 * racing a data source's close() made pools after it, whose threads outlived it.
 */
class BackendsTest {
  @TempDir Path dir;

  @Test
  void aConnectOnItsWayWhenTheRuntimeClosesMakesNoPool() throws Exception {
    Backends backends = new Backends();
    backends.close();
    AtomicBoolean made = new AtomicBoolean();
    SQLException closed = assertThrows(SQLException.class, () -> backends.pool("key", () -> {
      made.set(true);
      return null;
    }));
    assertEquals("08003", closed.getSQLState());
    assertFalse(made.get(), "no pool is made after close()");
  }

  @Test
  void aConnectOnItsWayWhenTheRuntimeClosesOpensNoDuckDbFile() throws Exception {
    DuckDbDatabases databases = new DuckDbDatabases();
    databases.closeAll();
    Path file = dir.resolve("w.db");
    SQLException closed = assertThrows(SQLException.class,
        () -> databases.acquire(file.toString(), file, "jdbc:duckdb:" + file, new Properties()));
    assertEquals("08003", closed.getSQLState());
    assertFalse(Files.exists(file), "nothing opened, so nothing holds the file");
  }
}
