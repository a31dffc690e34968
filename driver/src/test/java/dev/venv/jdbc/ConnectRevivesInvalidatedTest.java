package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.cli.VenvCli;
import dev.venv.testing.ModelRepositories;
import dev.venv.testing.Rows;
import dev.venv.testing.Warehouse;
import dev.venv.testing.Warehouse.Backend;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
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

      assertEquals(0, VenvCli.run(args(w, "invalidate", "dev")));
      try (Connection dev = w.connectThroughVenv("dev", models)) {
        assertEquals(rows, Rows.of(dev, ORDERS));
      }
      assertEquals(0, VenvCli.run(args(w, "janitor")));

      assertTrue(w.rows("SELECT name FROM venv_state.environments").contains("dev"),
          "the connect after invalidate made dev live again");
      try (Connection dev = w.connectThroughVenv("dev", null)) {
        assertEquals(rows, Rows.of(dev, ORDERS), "dev still there, without its repository to make it again");
      }
      assertEquals(rows, Rows.of(pooled, ORDERS));
      pooled.close();
    }
  }

  private static String[] args(Warehouse w, String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(w.cliArguments());
    return args.toArray(String[]::new);
  }
}
