package dev.venv.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.model.ModelRepository;
import dev.venv.state.Environment;
import dev.venv.testing.DuckDbFixture;
import dev.venv.testing.ModelRepositories;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A promotion killed with SIGKILL in another JVM: prod is entirely old or entirely new. */
class KilledPromotionTest {
  private static final int MODELS = 200;

  @TempDir Path dir;

  @Test
  void prodIsEntirelyOldOrEntirelyNew() throws Exception {
    DuckDbFixture db = new DuckDbFixture(dir);
    Path prodModels = generate(dir.resolve("prod"), 1);
    Path devModels = generate(dir.resolve("dev"), 2);
    Environment oldProd;
    Environment dev;
    try (Environments environments = db.environments()) {
      oldProd = environments.create(ModelRepository.load(prodModels), "prod", "prod", null).environment();
      dev = environments.create(ModelRepository.load(devModels), "dev", "prod", null).environment();
    }

    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.venv.cli.VenvCli",
        "promote", "dev", "--url", db.url())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    CountDownLatch promoting = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          if (line.contains("promoting")) {
            promoting.countDown();
          }
        }
      } catch (java.io.IOException ignored) {
        // killed
      }
    });
    reader.start();
    assertTrue(promoting.await(60, TimeUnit.SECONDS), "the child started promoting");
    child.destroyForcibly(); // SIGKILL, in the middle of swapping views
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));

    try (Environments environments = db.environments()) {
      Environment prod = environments.environment("prod").orElseThrow();
      assertTrue(prod.snapshots().equals(oldProd.snapshots()) || prod.snapshots().equals(dev.snapshots()),
          "prod's state holds the old snapshots or dev's, nothing between");
      Set<String> stateTargets = new HashSet<>();
      environments.state().snapshots(prod.snapshotIds()).values()
          .forEach(s -> stateTargets.add(s.physical().table()));
      Set<String> viewTargets = new HashSet<>();
      for (String sql : db.rows("SELECT sql FROM duckdb_views() WHERE schema_name = 'gen'")) {
        viewTargets.add(sql.replaceAll("(?s).*(gen__\\w+__[0-9a-f]{16}).*", "$1"));
      }
      assertEquals(MODELS + 1, db.rows("SELECT view_name FROM duckdb_views() WHERE schema_name = 'gen'").size());
      assertEquals(stateTargets, viewTargets, "every prod view reads what prod's state says");
      List<String> values = db.rows("SELECT DISTINCT x FROM gen.v_7 UNION SELECT DISTINCT x FROM gen.v_199");
      assertEquals(1, values.size(), "one generation of data: " + values);
    }
  }

  /** A root and MODELS views over it; {@code x} is what tells the generations apart. */
  private static Path generate(Path dir, int x) {
    Path models = dir.resolve("models");
    ModelRepositories.write(models.resolve("root.sql"), "MODEL (name gen.root, kind FULL);\nSELECT " + x + " AS x");
    for (int i = 0; i < MODELS; i++) {
      ModelRepositories.write(models.resolve("v_" + i + ".sql"),
          "MODEL (name gen.v_" + i + ");\nSELECT " + i + " AS i, x FROM gen.root");
    }
    return models;
  }
}
