package dev.venv.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.model.ModelRepository;
import dev.venv.testing.DuckDbFixture;
import dev.venv.testing.ModelRepositories;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A build killed with SIGKILL in another JVM: prod untouched, no half-made environment, the next create completes. */
class KilledBuildTest {
  private static final String ORDERS = "SELECT customer_id, order_count FROM %s.customer_orders ORDER BY 1";

  @TempDir Path dir;

  @Test
  void aKilledBuildLeavesProdUntouchedAndTheNextCreateCompletesIt() throws Exception {
    DuckDbFixture db = new DuckDbFixture(dir);
    try (Environments environments = db.environments()) {
      environments.create(ModelRepository.load(ModelRepositories.copyShop(dir.resolve("prod"))), "prod", "prod", null);
    }
    List<String> prodRows = db.rows(ORDERS.formatted("marts"));
    var prodObjects = db.objects();

    Path dev = ModelRepositories.copyShop(dir.resolve("dev"));
    ModelRepositories.edit(dev.resolve("marts/customer_orders.sql"), "COUNT(v.order_id)  ", "COUNT(v.order_id) + 5");
    ModelRepositories.breakCustomerOrders(dev);
    // Seconds of work on two cores: long enough to be killed in the middle of it. It reads the
    // changed model, so it is built after it, in the same batch (one transaction) on DuckDB.
    ModelRepositories.write(dev.resolve("marts/slow.sql"),
        "MODEL (name marts.slow, kind FULL);\nSELECT sum(range % 7) + (SELECT count(*) * 0 FROM marts.customer_orders)"
            + " AS n FROM range(2000000000)");

    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.venv.cli.VenvCli",
        "create", "dev", "--url", db.url(), "--models", dev.toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    // The child holds the DuckDB file, so nothing here can look in it; its progress tells instead.
    // Builds go in batches, one transaction each, reported when committed; on DuckDB a batch
    // takes each object after its parents in it, so these four are one batch: once the build has
    // started, it is in that transaction for the seconds the slow model takes.
    CountDownLatch building = new CountDownLatch(1);
    StringBuffer stderr = new StringBuffer();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          stderr.append(line).append('\n');
          if (line.contains("building 4 physical objects")) {
            building.countDown();
          }
        }
      } catch (java.io.IOException ignored) {
        // the child was killed
      }
    });
    reader.start();
    assertTrue(building.await(60, TimeUnit.SECONDS), "the child started building:\n" + stderr);
    Thread.sleep(2_000); // into the slow model's seconds
    child.destroyForcibly(); // SIGKILL
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    reader.join(5_000);
    assertTrue(!stderr.toString().contains("[1/4]"), "killed before the batch committed:\n" + stderr);

    try (Environments environments = db.environments()) {
      assertTrue(environments.environment("dev").isEmpty(), "no half-made environment is visible");
      assertEquals(prodRows, db.rows(ORDERS.formatted("marts")), "prod reads what it read");
      var objects = db.objects();
      assertTrue(objects.stream().noneMatch(o -> o.contains("__dev.")), "no view of dev exists yet: " + objects);
      assertTrue(objects.containsAll(prodObjects));
      // of the killed batch, nothing is left, under any name
      var made = new java.util.TreeSet<>(objects);
      made.removeAll(prodObjects);
      assertEquals(java.util.Set.of(), made);

      Environments.Created created = environments.create(ModelRepository.load(dev), "dev", "prod", null);
      assertTrue(created.changed());
    }
    List<String> devRows = db.rows(ORDERS.formatted("marts__dev"));
    assertEquals(prodRows.size(), devRows.size());
    assertEquals("1000000000", db.value("SELECT (n > 0)::INT * 1000000000 FROM marts__dev.slow"));
    assertEquals(prodRows, db.rows(ORDERS.formatted("marts")));
    // every view of dev reads a physical object under its final name, never a build in progress
    for (String definition : db.rows("SELECT sql FROM duckdb_views() WHERE schema_name LIKE '%\\_\\_dev' ESCAPE '\\'")) {
      assertTrue(definition.matches("(?s).*\"?venv__\\w+\"?\\.\"?\\w+__[0-9a-f]{16}\"?;?\\s*"), definition);
      assertTrue(!definition.contains("__build_"), definition);
    }
  }
}
