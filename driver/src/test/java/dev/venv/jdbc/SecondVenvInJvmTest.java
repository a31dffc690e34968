package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.state.StateLock;
import dev.venv.testing.ModelRepositories;
import dev.venv.testing.Rows;
import dev.venv.testing.SecondCopyOfVenv;
import dev.venv.testing.Warehouse;
import dev.venv.testing.Warehouse.Backend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two copies of venv in one JVM (two web applications, each with the driver in its own
 * {@code WEB-INF/lib}) write one database: a connect through either reads what the other
 * promoted, and a lock one holds the other waits for. Neither copy sees the other's classes, so
 * neither may route or lock by what only it knows.
 */
class SecondVenvInJvmTest {
  private static final String ORDERS = "SELECT customer_id, order_count FROM marts.customer_orders ORDER BY 1";

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aConnectReadsWhatAnotherCopyOfVenvPromoted(Backend backend) throws Exception {
    try (Warehouse w = Warehouse.open(backend, dir); SecondCopyOfVenv otherApp = new SecondCopyOfVenv()) {
      // this app's pool keeps a connection open, and so its database: an app runs on while the other writes
      Connection pooled = w.connectThroughVenv("prod", ModelRepositories.copyShop(dir.resolve("prod")));
      List<String> before = Rows.of(pooled, ORDERS);
      Path devModels = ModelRepositories.copyShop(dir.resolve("dev"));
      ModelRepositories.edit(devModels.resolve("marts/customer_orders.sql"), "COUNT(v.order_id)  ",
          "COUNT(v.order_id) + 100");

      assertEquals(0, otherApp.cli(w.cliCommand("create", "dev", "--models", devModels.toString())));
      assertEquals(0, otherApp.cli(w.cliCommand("promote", "dev")));

      List<String> dev;
      try (Connection c = w.connectThroughVenv("dev", null)) {
        dev = Rows.of(c, ORDERS);
      }
      assertNotEquals(before, dev, "dev's customer_orders differs from prod's");
      try (Connection prod = w.connectThroughVenv("prod", null)) {
        assertEquals(dev, Rows.of(prod, ORDERS), "prod reads what the other copy promoted to it");
      }
      pooled.close();
    }
  }

  @Test
  void aLockOneCopyHoldsKeepsTheOtherWaiting() throws Exception {
    try (SecondCopyOfVenv otherApp = new SecondCopyOfVenv()) {
      String database = "duckdb:" + dir.resolve("warehouse.db");
      SQLException refused = StateLock.inProcess(database).withLock(null, "env:dev", Duration.ofSeconds(30),
          c -> otherApp.takeLock(database, "env:dev", Duration.ofMillis(300)));
      assertNotNull(refused, "the other copy took the lock this one held");
      assertEquals("55P03", refused.getSQLState());
      assertTrue(refused.getMessage().contains("another copy of venv in this JVM holds it"), refused.getMessage());

      assertNull(otherApp.takeLock(database, "env:dev", Duration.ofMillis(300)), "let go, it is the other's to take");
      assertNull(otherApp.takeLock(database, "env:qa", Duration.ofMillis(300)), "another key was free all along");
    }
  }
}
