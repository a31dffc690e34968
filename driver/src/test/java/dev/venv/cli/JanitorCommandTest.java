package dev.venv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.venv.testing.ModelRepositories;
import dev.venv.testing.Warehouse;
import dev.venv.testing.Warehouse.Backend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What {@code janitor} says: every physical name it shows comes with the model it belongs to. */
class JanitorCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Backend.class)
  void removedAndFailedObjectsNameTheirModels(Backend backend) throws Exception {
    Path prod = ModelRepositories.copyShop(dir.resolve("prod"));
    Path dev = ModelRepositories.copyShop(dir.resolve("dev"));
    ModelRepositories.edit(dev.resolve("marts/customer_orders.sql"), "COUNT(v.order_id)  ", "COUNT(v.order_id) + 1");
    ModelRepositories.breakCustomerOrders(dev);
    try (Warehouse w = Warehouse.open(backend, dir)) {
      run(w, "create", "prod", "--models", prod.toString());
      run(w, "create", "dev", "--models", dev.toString());
      String orders = JSON.readTree(run(w, "plan", "dev", "--models", dev.toString(), "--json").out()).get("models")
          .findParents("model").stream().filter(m -> m.get("model").asText().equals("marts.customer_orders"))
          .findFirst().orElseThrow().get("physical").asText();
      try (Connection c = w.connect(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE venv__marts.marts__gone__0123456789abcdef__build_deadbeef (x INT)");
        if (backend == Backend.POSTGRES) {
          // a user's view on dev's table: PostgreSQL refuses to drop the table under it
          s.execute("CREATE VIEW public.mine AS SELECT * FROM " + orders);
        }
      }
      run(w, "invalidate", "dev");

      CliRun janitor = CliRun.of(args(w, "janitor", "--ignore-ttl"));

      assertTrue(janitor.out().contains("removed debris table venv__marts.marts__gone__0123456789abcdef__build_deadbeef"
          + " (model marts.gone)"), janitor.out());
      assertTrue(janitor.out().contains("(model marts.customer_lifetime)"), janitor.out());
      String ordersLine = "physical table " + orders + " (model marts.customer_orders)";
      if (backend == Backend.POSTGRES) {
        assertEquals(1, janitor.exitCode());
        assertTrue(janitor.err().contains("failed to remove " + ordersLine + ": "), janitor.err());
        JsonNode again = JSON.readTree(CliRun.of(args(w, "janitor", "--ignore-ttl", "--json")).out());
        assertEquals("marts.customer_orders", again.get("failed").get(0).get("model").asText());
      } else {
        assertEquals(0, janitor.exitCode(), janitor.err());
        assertTrue(janitor.out().contains("removed " + ordersLine), janitor.out());
      }
    }
  }

  private static CliRun run(Warehouse w, String... command) {
    CliRun run = CliRun.of(args(w, command));
    assertEquals(0, run.exitCode(), String.join(" ", command) + ": " + run.err());
    return run;
  }

  private static String[] args(Warehouse w, String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(w.cliArguments());
    return args.toArray(String[]::new);
  }
}
