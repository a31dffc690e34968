package dev.venv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.venv.testing.ModelRepositories;
import dev.venv.testing.Rows;
import dev.venv.testing.Warehouse;
import dev.venv.testing.Warehouse.Backend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An environment keeps the ttl it was given until another one is given (SPEC §6, option ttl). */
class TtlTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Backend.class)
  void anUpdateWithoutATtlKeepsTheStoredOne(Backend backend) throws Exception {
    Path models = dir.resolve("models");
    ModelRepositories.write(models.resolve("s/a.sql"), "MODEL (name s.a, kind FULL);\nSELECT 1 AS x\n");
    try (Warehouse w = Warehouse.open(backend, dir)) {
      run(w, "create", "pinned", "--models", models.toString(), "--ttl", "never");
      run(w, "create", "plain", "--models", models.toString());
      assertTrue(show(w, "pinned").get("expires_at").isNull());
      assertExpiresIn(show(w, "plain"), Duration.ofDays(7));

      // update by the CLI, without --ttl
      ModelRepositories.write(models.resolve("s/a.sql"), "MODEL (name s.a, kind FULL);\nSELECT 2 AS x\n");
      String plan = show(w, "pinned").get("plan_id").asText();
      run(w, "create", "pinned", "--models", models.toString());
      assertNotEquals(plan, show(w, "pinned").get("plan_id").asText(), "updated");
      assertTrue(show(w, "pinned").get("expires_at").isNull(), "still never expires");

      // update by a connect with refresh=auto
      ModelRepositories.write(models.resolve("s/a.sql"), "MODEL (name s.a, kind FULL);\nSELECT 3 AS x\n");
      Properties p = w.credentials();
      p.setProperty("models", models.toString());
      p.setProperty("refresh", "auto");
      try (Connection c = DriverManager.getConnection("jdbc:venv:pinned:" + w.url().substring("jdbc:".length()), p)) {
        assertEquals(List.of("3"), Rows.of(c, "SELECT x FROM s.a"));
      }
      assertTrue(show(w, "pinned").get("expires_at").isNull(), "refresh=auto keeps it too");

      // a ttl given is a ttl taken
      run(w, "create", "pinned", "--models", models.toString(), "--ttl", "2d");
      assertExpiresIn(show(w, "pinned"), Duration.ofDays(2));
      run(w, "create", "plain", "--models", models.toString(), "--ttl", "never");
      assertTrue(show(w, "plain").get("expires_at").isNull());
    }
  }

  private static void assertExpiresIn(JsonNode env, Duration ttl) {
    Instant expires = Instant.parse(env.get("expires_at").asText());
    Instant expected = Instant.now().plus(ttl);
    assertTrue(Duration.between(expires, expected).abs().compareTo(Duration.ofMinutes(5)) < 0,
        "expires " + expires + ", expected about " + expected);
  }

  private static JsonNode show(Warehouse w, String env) throws Exception {
    return JSON.readTree(run(w, "show", env, "--json").out());
  }

  private static CliRun run(Warehouse w, String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(w.cliArguments());
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, run.exitCode(), String.join(" ", command) + ": " + run.err());
    return run;
  }
}
