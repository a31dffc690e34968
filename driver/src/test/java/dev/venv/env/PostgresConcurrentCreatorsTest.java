package dev.venv.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.venv.model.ModelRepository;
import dev.venv.sql.SqlDialect;
import dev.venv.testing.ModelRepositories;
import dev.venv.testing.PostgresTestDatabase;
import dev.venv.testing.Rows;
import dev.venv.testing.Warehouse;
import dev.venv.testing.Warehouse.Backend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several creators of different environments in one JVM share venv's PostgreSQL pool (16
 * connections) with every connect: however many builds they start, they must leave room for the
 * others and for clients, and finish.
 */
class PostgresConcurrentCreatorsTest {
  private static final int CREATORS = 4;
  private static final int MODELS = 4;
  /** Every model's query waits on this advisory lock, which the test holds: builds stay in progress. */
  private static final long GATE = 4242;
  /** How many builds the PostgreSQL engine lets hold a connection at once in one JVM. */
  private static final int BUILDS_AT_ONCE = 8;

  @TempDir Path dir;

  @Test
  void concurrentCreatorsLeaveRoomInThePoolAndAllFinish() throws Exception {
    try (Warehouse w = Warehouse.open(Backend.POSTGRES, dir);
        Connection gate = PostgresTestDatabase.connect(w.url())) {
      Path prod = dir.resolve("prod");
      ModelRepositories.write(prod.resolve("p/one.sql"), "MODEL (name p.one, kind FULL);\nSELECT 1 AS n\n");
      try (Environments environments = w.environments()) {
        environments.create(ModelRepository.load(prod, SqlDialect.POSTGRES), "prod", "prod", null);
      }
      try (Statement s = gate.createStatement()) {
        s.execute("SELECT pg_advisory_lock(" + GATE + ")");
      }

      ExecutorService threads = Executors.newFixedThreadPool(CREATORS);
      List<CompletableFuture<Environments.Created>> creators = new ArrayList<>();
      try {
        for (int i = 0; i < CREATORS; i++) {
          Path models = gatedModels(dir.resolve("env" + i), i);
          String env = "env" + i;
          creators.add(CompletableFuture.supplyAsync(() -> {
            try (Environments environments = w.environments()) {
              return environments.create(ModelRepository.load(models, SqlDialect.POSTGRES), env, "prod", null);
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
          }, threads));
        }
        awaitBuildsAtTheGate(gate, creators);

        // while every build that may run is in progress, a client still connects and reads
        try (Connection client = w.connectThroughVenv("prod", null)) {
          assertEquals(List.of("1"), Rows.of(client, "SELECT n FROM p.one"));
        }

        try (Statement s = gate.createStatement()) {
          s.execute("SELECT pg_advisory_unlock(" + GATE + ")");
        }
        for (int i = 0; i < CREATORS; i++) {
          Environments.Created created = creators.get(i).get(2, TimeUnit.MINUTES);
          assertEquals(MODELS, created.plan().builds().size());
          assertEquals(List.of(String.valueOf(i)), w.rows("SELECT n FROM g__env" + i + ".m" + (MODELS - 1)));
        }
      } finally {
        threads.shutdownNow();
      }
    }
  }

  /** Independent FULL models, each waiting on the gate while it builds; {@code i} keeps them apart. */
  private static Path gatedModels(Path root, int i) {
    for (int m = 0; m < MODELS; m++) {
      ModelRepositories.write(root.resolve("g/m" + m + ".sql"), "MODEL (name g.m" + m + ", kind FULL);\n"
          + "SELECT " + i + " AS n FROM (SELECT pg_advisory_xact_lock_shared(" + GATE + ")) AS gate\n");
    }
    return root;
  }

  /**
   * Waits until as many builds as may run at once wait on the gate (or a creator ended: failed).
   * The builds wait inside the server; only pg_locks shows them, so this polls it.
   */
  private static void awaitBuildsAtTheGate(Connection gate, List<CompletableFuture<Environments.Created>> creators)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int waiting = 0;
    while (System.nanoTime() < deadline) {
      for (CompletableFuture<Environments.Created> creator : creators) {
        if (creator.isDone()) {
          creator.join(); // throws the creator's failure
          fail("a creator finished while the gate was closed");
        }
      }
      waiting = Integer.parseInt(Rows.of(gate, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
          + " AND objid = " + GATE + " AND NOT granted").get(0));
      if (waiting >= BUILDS_AT_ONCE) {
        return;
      }
      Thread.sleep(50); // polling the server's lock table: there is nothing in this JVM to wait on
    }
    fail("only " + waiting + " builds reached the gate in 60 s");
  }
}
