package dev.venv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.venv.testing.DuckDbFixture;
import dev.venv.testing.ModelRepositories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  DuckDbFixture db;
  Path prod;
  Path dev;

  @BeforeEach
  void repositories() {
    db = new DuckDbFixture(dir);
    prod = ModelRepositories.copyShop(dir.resolve("prod"));
    dev = ModelRepositories.copyShop(dir.resolve("dev"));
  }

  @Test
  void planCreateAndListAsJson() throws Exception {
    assertEquals(0, run("create", "prod").exitCode());
    ModelRepositories.edit(dev.resolve("marts/customer_orders.sql"), "COUNT(v.order_id)  ", "COUNT(v.order_id) + 1");
    ModelRepositories.breakCustomerOrders(dev);
    ModelRepositories.edit(dev.resolve("marts/daily_revenue.sql"), "owner 'finance'", "owner 'ops'");

    CliRun plan = run("plan", "dev", "--models", dev.toString(), "--json");
    assertEquals(0, plan.exitCode(), plan.err());
    JsonNode p = JSON.readTree(plan.out());
    assertEquals("prod", p.get("baseline").asText());
    assertEquals(List.of("marts.customer_orders"), strings(p.get("directly_modified")));
    assertEquals(List.of("marts.country_revenue", "marts.customer_lifetime"), strings(p.get("indirectly_modified")));
    assertEquals(List.of("marts.daily_revenue"), strings(p.get("metadata_only")));
    assertEquals(3, p.get("builds").size());
    assertTrue(db.environments().list().stream().noneMatch(e -> e.name().equals("dev")), "plan changes nothing");

    CliRun create = run("create", "dev", "--models", dev.toString(), "--json");
    assertEquals(0, create.exitCode(), create.err());
    JsonNode c = JSON.readTree(create.out());
    assertTrue(c.get("changed").asBoolean());
    assertEquals(3, c.get("built").size());
    assertEquals(8, c.get("shared").size());
    assertTrue(create.err().contains("building 3 physical objects"), "progress on stderr: " + create.err());

    JsonNode list = JSON.readTree(run("list", "--json").out()).get("environments");
    assertEquals(2, list.size());
    assertEquals("dev", list.get(0).get("name").asText());
    assertEquals(3, list.get(0).get("owned_objects").asInt(), "dev owns what it built; the metadata-only change shares prod's object");
    assertTrue(list.get(1).get("expires_at").isNull());
  }

  @Test
  void theLifecycleCommands() throws Exception {
    assertEquals(0, run("create", "prod").exitCode());
    ModelRepositories.edit(dev.resolve("marts/customer_orders.sql"), "COUNT(v.order_id)  ", "COUNT(v.order_id) + 1");
    ModelRepositories.breakCustomerOrders(dev);
    assertEquals(0, run("create", "dev", "--models", dev.toString()).exitCode());

    JsonNode show = JSON.readTree(run("show", "dev", "--json").out());
    assertEquals(11, show.get("snapshots").size());
    assertEquals(3, show.get("owned_objects").size());

    CliRun diff = run("diff", "prod", "dev", "marts.customer_orders", "--rows", "--json");
    assertEquals(0, diff.exitCode(), diff.err());
    JsonNode d = JSON.readTree(diff.out());
    assertEquals(3, d.get("modified").size());
    assertEquals(12, d.get("rows").get("changed").asInt());

    CliRun promote = run("promote", "dev", "--json");
    assertEquals(0, promote.exitCode(), promote.err());
    assertEquals(List.of("marts.customer_orders"), strings(JSON.readTree(promote.out()).get("directly_modified")));
    assertTrue(promote.err().contains("3 views to swap"), promote.err());
    assertEquals(db.rows("SELECT * FROM marts__dev.customer_orders ORDER BY 1"),
        db.rows("SELECT * FROM marts.customer_orders ORDER BY 1"), "prod reads dev's objects");

    CliRun refused = run("invalidate", "prod");
    assertEquals(1, refused.exitCode());
    assertTrue(refused.err().contains("prod never expires"), refused.err());
    assertEquals(0, run("invalidate", "dev").exitCode());
    CliRun janitor = run("janitor", "--ignore-ttl", "--json");
    assertEquals(0, janitor.exitCode(), janitor.err());
    assertEquals("environment", JSON.readTree(janitor.out()).get("removed").get(0).get("kind").asText());
    assertEquals(1, JSON.readTree(run("list", "--json").out()).get("environments").size());
    assertEquals("Nothing to clean up.\n", run("janitor", "--ignore-ttl").out(), "a second run changes nothing");
  }

  @Test
  void humanPlanReadsLikeSqlMesh() {
    ModelRepositories.edit(dev.resolve("marts/customer_orders.sql"), "COUNT(v.order_id)  ", "COUNT(v.order_id) + 1");
    ModelRepositories.breakCustomerOrders(dev);
    assertEquals(0, run("create", "prod").exitCode());
    CliRun plan = run("plan", "dev", "--models", dev.toString());
    assertTrue(plan.out().contains("Directly modified (1):\n  marts.customer_orders"), plan.out());
    assertTrue(plan.out().contains("Indirectly modified (2):"), plan.out());
    assertTrue(plan.out().contains("Physical objects to build (3):"), plan.out());
  }

  /** Each kind of invalid repository: exit 1, the file named, nothing created. */
  @ParameterizedTest
  @ValueSource(strings = {"duplicate", "no_name", "unknown_kind", "empty_query", "cycle", "missing_seed", "self_reference"})
  void anInvalidRepositoryExitsOneNamesTheFileAndChangesNothing(String problem) throws Exception {
    assertEquals(0, run("create", "prod").exitCode());
    var objects = db.objects();
    var state = db.rows("SELECT name, plan_id FROM venv_state.environments ORDER BY name");
    String file = breakRepository(problem);

    CliRun create = run("create", "dev", "--models", dev.toString());

    assertEquals(1, create.exitCode(), create.err());
    assertTrue(create.err().contains(file), "names " + file + ":\n" + create.err());
    assertTrue(create.err().contains("SQLState 42000"), create.err());
    assertEquals(objects, db.objects());
    assertEquals(state, db.rows("SELECT name, plan_id FROM venv_state.environments ORDER BY name"));
  }

  private String breakRepository(String problem) {
    switch (problem) {
      case "duplicate" -> {
        ModelRepositories.write(dev.resolve("marts/copy.sql"), ModelRepositories.read(dev.resolve("marts/daily_revenue.sql")));
        return "marts/copy.sql";
      }
      case "no_name" -> ModelRepositories.edit(dev.resolve("marts/daily_revenue.sql"), "name marts.daily_revenue,", "");
      case "unknown_kind" -> ModelRepositories.edit(dev.resolve("marts/daily_revenue.sql"), "kind full", "kind incremental");
      case "empty_query" -> ModelRepositories.write(dev.resolve("marts/daily_revenue.sql"), "MODEL (name marts.daily_revenue, kind FULL);\n");
      case "cycle" -> ModelRepositories.edit(dev.resolve("staging/stg_orders.sql"), "WHERE o.quantity > 0",
          "WHERE o.quantity > 0 AND o.order_id NOT IN (SELECT 0 FROM marts.daily_revenue)");
      case "missing_seed" -> {
        ModelRepositories.edit(dev.resolve("raw/orders.sql"), "orders.csv", "missing.csv");
        return "raw/orders.sql";
      }
      case "self_reference" -> ModelRepositories.edit(dev.resolve("marts/daily_revenue.sql"), "FROM staging.stg_orders",
          "FROM (SELECT * FROM marts.daily_revenue) AS x, staging.stg_orders");
      default -> throw new IllegalArgumentException(problem);
    }
    return "marts/daily_revenue.sql";
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev; drop table x", "dev\"", "../x", "Dev-1", "1abc", "", "a23456789012345678901234567890123456789012",
      "a__b", "dev__"})
  void badEnvironmentNamesAreRefusedBeforeTheBackendIsOpened(String name) {
    CliRun create = run("create", name, "--models", dev.toString());
    assertEquals(2, create.exitCode(), create.err());
    assertTrue(create.err().contains("Invalid environment name"), create.err());
    assertFalse(Files.exists(dir.resolve("warehouse.db")), "nothing was opened");
  }

  /** Commands that look at or change existing environments never make a warehouse at a mistyped path. */
  @ParameterizedTest
  @ValueSource(strings = {"list", "show prod", "diff prod dev", "janitor", "invalidate dev", "promote dev", "doctor"})
  void aDuckDbFileThatDoesNotExistIsRefusedAndNotMade(String command) {
    Path typo = dir.resolve("warehuose.db");
    List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
    args.addAll(List.of("--url", "jdbc:duckdb:" + typo));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertEquals(1, run.exitCode(), run.err());
    assertTrue(run.err().contains("does not exist; check the path") && run.err().contains("3D000"), run.err());
    assertFalse(Files.exists(typo), "no warehouse made at the mistyped path");
  }

  /** DuckDB refuses a write on a read-only file without a SQLState; the CLI says 25006, as the driver does. */
  @Test
  void aWriteThroughAReadOnlyUrlSaysSoWithASqlState() {
    assertEquals(0, run("create", "prod").exitCode());
    CliRun create = CliRun.of("create", "dev", "--models", dev.toString(), "--url", db.url() + "?access_mode=READ_ONLY");
    assertEquals(1, create.exitCode(), create.err());
    assertTrue(create.err().contains("[SQLState 25006]"), create.err());
  }

  @Test
  void anUpperCaseNameIsTheLowerCaseEnvironment() throws Exception {
    assertEquals(0, run("create", "PROD").exitCode());
    assertEquals("prod", db.environments().list().get(0).name());
  }

  @Test
  void badUsageExitsTwo() {
    assertEquals(2, CliRun.of().exitCode());
    assertEquals(2, CliRun.of("create").exitCode());
    assertEquals(2, CliRun.of("frobnicate").exitCode());
    assertEquals(2, CliRun.of("create", "dev", "--url", db.url()).exitCode(), "--models is required");
  }

  @Test
  void helpListsTheCommands() {
    CliRun help = CliRun.of("--help");
    assertEquals(0, help.exitCode());
    for (String command : List.of("plan", "create", "list")) {
      assertTrue(help.out().contains(command), help.out());
    }
  }

  private CliRun run(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.addAll(List.of("--url", db.url()));
    if (!all.contains("--models") && List.of("plan", "create").contains(args[0])) {
      all.addAll(List.of("--models", prod.toString()));
    }
    return CliRun.of(all.toArray(String[]::new));
  }

  private static List<String> strings(JsonNode array) {
    List<String> result = new java.util.ArrayList<>();
    array.forEach(n -> result.add(n.asText()));
    return result;
  }
}
