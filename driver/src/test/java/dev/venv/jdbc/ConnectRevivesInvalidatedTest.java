package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.cli.VenvCli;
import dev.venv.env.BuildProgress;
import dev.venv.env.Environments;
import dev.venv.testing.ModelRepositories;
import dev.venv.testing.Rows;
import dev.venv.testing.TestClock;
import dev.venv.testing.Warehouse;
import dev.venv.testing.Warehouse.Backend;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * README: {@code invalidate ENV} expires ENV now, and the janitor removes it "unless a create ENV
 * (or a connect) makes it live again first". An app's pool connects again within seconds of its
 * last connect, which recorded a use moments ago: that next connect must revive it all the same.
 */
class ConnectRevivesInvalidatedTest {
  private static final String ORDERS = "SELECT customer_id, order_count FROM marts.customer_orders ORDER BY 1";

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aConnectAfterInvalidateKeepsTheEnvironmentFromTheJanitor(Backend backend) throws Exception {
    try (Warehouse w = Warehouse.open(backend, dir)) {
      Path models = ModelRepositories.copyShop(dir.resolve("models"));
      try (Connection prod = w.connectThroughVenv("prod", models)) {
        Rows.of(prod, ORDERS);
      }
      // the app's pool holds a connection, and with it (on DuckDB) the open database
      Connection pooled = w.connectThroughVenv("dev", models);
      List<String> rows = Rows.of(pooled, ORDERS); // created, its use recorded now

      assertEquals(0, VenvCli.run(w.cliCommand("invalidate", "dev")));
      try (Connection dev = w.connectThroughVenv("dev", models)) {
        assertEquals(rows, Rows.of(dev, ORDERS));
      }
      assertEquals(0, VenvCli.run(w.cliCommand("janitor")));

      assertTrue(w.rows("SELECT name FROM venv_state.environments").contains("dev"),
          "the connect after invalidate made dev live again");
      try (Connection dev = w.connectThroughVenv("dev", null)) {
        assertEquals(rows, Rows.of(dev, ORDERS), "dev still there, without its repository to make it again");
      }
      assertEquals(rows, Rows.of(pooled, ORDERS));
      pooled.close();
    }
  }

  /** A ttl shorter than the once-a-minute recording of uses: the pool's connects keep it live all the same. */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void connectsKeepAnEnvironmentWithATtlOfSecondsLive(Backend backend) throws Exception {
    TestClock clock = new TestClock(Instant.now());
    VenvDriver driver = new VenvDriver(clock);
    try (Warehouse w = Warehouse.open(backend, dir);
        Environments environments = Environments.open(w.engine(), BuildProgress.silent(), Duration.ofMinutes(2),
            clock)) {
      Path models = ModelRepositories.copyShop(dir.resolve("models"));
      w.connectThroughVenv("prod", models).close();
      Properties options = w.credentials();
      options.setProperty("models", models.toString());
      options.setProperty("ttl", "4s");
      String dev = "jdbc:venv:dev:" + w.url().substring("jdbc:".length());
      Connection pooled = driver.connect(dev, options);
      // a pool's connects every half second for five seconds, past the first use's expiry
      for (int i = 0; i < 10; i++) {
        clock.advance(Duration.ofMillis(500));
        driver.connect(dev, options).close();
      }
      assertEquals(List.of(), environments.janitor().run(false, false).failed());

      assertTrue(w.rows("SELECT name FROM venv_state.environments").contains("dev"),
          "a connect within the last 2.5 s recorded its use, so dev expires no sooner than 1.5 s from now");
      pooled.close();
    } finally {
      driver.close();
    }
  }
}
