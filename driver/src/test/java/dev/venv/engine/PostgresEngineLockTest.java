package dev.venv.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.venv.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * venv's locks on PostgreSQL belong to the database, however its URL is spelled: the CLI's
 * {@code --url}, a client's URL with {@code user=…} or {@code ApplicationName=…} in it, and the
 * owner's connections must all exclude each other, or two of them build one environment at once.
 */
class PostgresEngineLockTest {
  @RegisterExtension static final PostgresTestDatabase pg = PostgresTestDatabase.perClass();

  @Test
  void twoSpellingsOfOneDatabaseShareTheirLocks() throws SQLException {
    String other = pg.url() + "?ApplicationName=another-client&user=" + PostgresTestDatabase.USER;
    try (Engine cli = Engine.forUrl(pg.url(), PostgresTestDatabase.ownerProperties());
        Engine client = Engine.forUrl(other, PostgresTestDatabase.ownerProperties());
        Connection holder = cli.open();
        Connection waiter = client.open()) {
      String held = cli.lock().withLock(holder, "environment:dev", Duration.ofSeconds(5), c -> {
        SQLException e = assertThrows(SQLException.class,
            () -> client.lock().withLock(waiter, "environment:dev", Duration.ofMillis(200), w -> "both held it"));
        assertEquals("55P03", e.getSQLState(), e.getMessage());
        return "held";
      });
      assertEquals("held", held);
      assertEquals("free again", client.lock().withLock(waiter, "environment:dev", Duration.ofSeconds(5), w -> "free again"));
    }
  }
}
