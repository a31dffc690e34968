package dev.venv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.testing.ModelRepositories;
import dev.venv.testing.PostgresTestDatabase;
import dev.venv.testing.Rows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's --state, --state-user, --state-password: a DuckDB warehouse with its state in PostgreSQL. */
class StateOptionCliTest {
  @RegisterExtension static final PostgresTestDatabase state = PostgresTestDatabase.perClass();

  @TempDir Path dir;

  @Test
  void everyCommandThatTakesABackendTakesTheStateOptions() {
    for (String command : List.of("plan", "create", "promote", "list", "show", "diff", "invalidate", "janitor",
        "graph", "doctor")) {
      CliRun help = CliRun.of(command, "--help");
      assertEquals(0, help.exitCode(), command);
      for (String option : List.of("--state=URL", "--state-user=USER", "--state-password")) {
        assertTrue(help.out().contains(option), command + " --help lists " + option + ":\n" + help.out());
      }
    }
  }

  @Test
  void createAndListWithTheStateInPostgres() throws Exception {
    Path models = ModelRepositories.copyShop(dir);
    Path file = dir.resolve("w.db");
    List<String> stateArgs = List.of("--url", "jdbc:duckdb:" + file, "--state", state.url().substring(5),
        "--state-user", PostgresTestDatabase.USER, "--state-password=" + PostgresTestDatabase.PASSWORD);
    CliRun create = CliRun.of(concat(List.of("create", "prod", "--models", models.toString()), stateArgs));
    assertEquals(0, create.exitCode(), create.err());
    CliRun list = CliRun.of(concat(List.of("list", "--json"), stateArgs));
    assertEquals(0, list.exitCode(), list.err());
    assertTrue(list.out().contains("\"prod\""), list.out());
    try (Connection pg = PostgresTestDatabase.connect(state.url())) {
      assertEquals(List.of("prod"), Rows.of(pg, "SELECT name FROM venv_state.environments"));
    }

    CliRun bad = CliRun.of(concat(List.of("create", "prod", "--models", models.toString()), List.of("--url", "jdbc:duckdb:" + dir.resolve("x.db"), "--state",
        "localhost/db")));
    assertEquals(1, bad.exitCode(), bad.err());
    assertTrue(bad.err().contains("22023"), bad.err());
    assertFalse(Files.exists(dir.resolve("x.db")));
  }

  private static String[] concat(List<String> a, List<String> b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all.toArray(String[]::new);
  }
}
