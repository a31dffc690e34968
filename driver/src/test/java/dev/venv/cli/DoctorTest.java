package dev.venv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.venv.testing.DuckDbFixture;
import dev.venv.testing.ModelRepositories;
import dev.venv.testing.PostgresTestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code venv doctor}: does the database itself keep clients off venv's objects? */
class DoctorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final PostgresTestDatabase pg = PostgresTestDatabase.perClassTwoRoles();

  @TempDir static Path dir;

  @BeforeAll
  static void prodAndDevAsTheOwner() {
    Path models = ModelRepositories.copyShop(dir.resolve("prod"));
    assertEquals(0, CliRun.of(withBackend("create", "prod", "--models", models.toString())).exitCode());
    assertEquals(0, CliRun.of(withBackend("create", "dev", "--models", models.toString())).exitCode());
  }

  @Test
  void twoRolesAsTheReadmeSetsThemUpPass() throws Exception {
    CliRun run = CliRun.of(withBackend("doctor", "--client-role", PostgresTestDatabase.READER_USER, "--json"));
    assertEquals(0, run.exitCode(), run.out() + run.err());
    JsonNode report = JSON.readTree(run.out());
    assertEquals("database", report.get("isolation").asText());
    assertEquals(PostgresTestDatabase.USER, report.get("owner").asText());
    assertEquals(List.of("owned_by_one_role", "client_is_not_owner", "client_cannot_write", "client_can_read"),
        names(report.get("checks")));

    CliRun text = CliRun.of(withBackend("doctor", "--client-role", PostgresTestDatabase.READER_USER));
    assertEquals(0, text.exitCode());
    assertTrue(text.out().contains("PostgreSQL itself refuses"), text.out());
  }

  @Test
  void clientsThatConnectAsTheOwnerAreIsolatedByTheDriverAlone() throws Exception {
    CliRun run = CliRun.of(withBackend("doctor", "--client-role", PostgresTestDatabase.USER, "--json"));
    assertEquals(1, run.exitCode(), run.out());
    JsonNode report = JSON.readTree(run.out());
    assertEquals("driver", report.get("isolation").asText());
    assertEquals(false, check(report, "client_is_not_owner").get("ok").asBoolean());
    assertTrue(CliRun.of(withBackend("doctor", "--client-role", PostgresTestDatabase.USER)).out()
        .contains("rests on the driver alone"));
  }

  @Test
  void aGrantThatLetsTheClientWriteIsNamed() throws Exception {
    owner("GRANT INSERT ON venv_state.environments TO " + PostgresTestDatabase.READER_USER,
        "GRANT CREATE ON SCHEMA marts__dev TO " + PostgresTestDatabase.READER_USER);
    try {
      CliRun run = CliRun.of(withBackend("doctor", "--client-role", PostgresTestDatabase.READER_USER, "--json"));
      assertEquals(1, run.exitCode(), run.out());
      JsonNode report = JSON.readTree(run.out());
      assertEquals("driver", report.get("isolation").asText());
      List<String> objects = strings(check(report, "client_cannot_write").get("objects"));
      assertEquals(List.of("CREATE on schema marts__dev", "INSERT on venv_state.environments"), objects);

      JsonNode unchecked = JSON.readTree(CliRun.of(withBackend("doctor", "--json")).out());
      assertEquals("unchecked", unchecked.get("isolation").asText());
      assertEquals(List.of(PostgresTestDatabase.READER_USER + ": CREATE on schema marts__dev",
          PostgresTestDatabase.READER_USER + ": INSERT on venv_state.environments"),
          strings(check(unchecked, "others_cannot_write").get("objects")));
    } finally {
      owner("REVOKE INSERT ON venv_state.environments FROM " + PostgresTestDatabase.READER_USER,
          "REVOKE CREATE ON SCHEMA marts__dev FROM " + PostgresTestDatabase.READER_USER);
    }
  }

  @Test
  void missingDefaultPrivilegesAreReportedButDoNotWeakenIsolation() throws Exception {
    // what the client's own DROP OWNED BY CURRENT_USER does to the grants that name its role
    owner("ALTER DEFAULT PRIVILEGES FOR ROLE " + PostgresTestDatabase.USER + " REVOKE SELECT ON TABLES FROM "
        + PostgresTestDatabase.READER_USER);
    try {
      CliRun run = CliRun.of(withBackend("doctor", "--client-role", PostgresTestDatabase.READER_USER, "--json"));
      assertEquals(1, run.exitCode(), run.out());
      JsonNode report = JSON.readTree(run.out());
      assertEquals("database", report.get("isolation").asText(), "the client still cannot write");
      assertEquals(List.of("default privilege: ALTER DEFAULT PRIVILEGES FOR ROLE " + PostgresTestDatabase.USER
          + " GRANT SELECT ON TABLES TO " + PostgresTestDatabase.READER_USER),
          strings(check(report, "client_can_read").get("objects")));
    } finally {
      owner("ALTER DEFAULT PRIVILEGES FOR ROLE " + PostgresTestDatabase.USER + " GRANT SELECT ON TABLES TO "
          + PostgresTestDatabase.READER_USER);
    }
  }

  @Test
  void withoutAClientRoleDoctorSaysWhatItCannotTell() throws Exception {
    CliRun run = CliRun.of(withBackend("doctor", "--json"));
    assertEquals(0, run.exitCode(), run.out());
    JsonNode report = JSON.readTree(run.out());
    assertEquals("unchecked", report.get("isolation").asText());
    assertTrue(report.get("notes").get(0).asText().contains("rests on the driver alone"), run.out());
  }

  @Test
  void anUnknownClientRoleIsAnError() {
    CliRun run = CliRun.of(withBackend("doctor", "--client-role", "no_such_role"));
    assertEquals(1, run.exitCode());
    assertTrue(run.err().contains("no_such_role") && run.err().contains("42704"), run.err());
  }

  @Test
  void onDuckDbTheDriverIsTheOnlyGuard(@TempDir Path duckDir) throws Exception {
    DuckDbFixture duck = new DuckDbFixture(duckDir);
    duck.environments().close(); // a warehouse with venv's state and no environment yet
    CliRun run = CliRun.of("doctor", "--url", duck.url(), "--json");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode report = JSON.readTree(run.out());
    assertEquals("driver", report.get("isolation").asText());
    assertTrue(report.get("notes").get(0).asText().contains("driver alone"));
  }

  private static String[] withBackend(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--url", pg.url(), "--user", PostgresTestDatabase.USER, "--password", PostgresTestDatabase.PASSWORD));
    return all.toArray(String[]::new);
  }

  private static void owner(String... statements) throws SQLException {
    try (Connection c = pg.open(); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  private static JsonNode check(JsonNode report, String name) {
    for (JsonNode check : report.get("checks")) {
      if (check.get("name").asText().equals(name)) {
        return check;
      }
    }
    throw new AssertionError("no check " + name + " in " + report);
  }

  private static List<String> names(JsonNode checks) {
    List<String> result = new ArrayList<>();
    checks.forEach(c -> result.add(c.get("name").asText()));
    return result;
  }

  private static List<String> strings(JsonNode array) {
    List<String> result = new ArrayList<>();
    array.forEach(n -> result.add(n.asText()));
    return result;
  }
}
