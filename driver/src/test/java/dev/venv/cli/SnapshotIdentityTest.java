package dev.venv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.venv.testing.ModelRepositories;
import dev.venv.testing.Rows;
import dev.venv.testing.Warehouse;
import dev.venv.testing.Warehouse.Backend;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A snapshot is (model, fingerprint), never the fingerprint alone: two models with one query are
 * two snapshots, each with its own physical table, through plan, create, show, a second
 * environment, promotion and routing (SPEC §2).
 */
class SnapshotIdentityTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Backend.class)
  void twoModelsWithOneQueryAreTwoSnapshots(Backend backend) throws Exception {
    Path models = twins(dir.resolve("v1"), "SELECT 42 AS x");
    try (Warehouse w = Warehouse.open(backend, dir)) {
      JsonNode plan = json(w, "plan", "prod", "--models", models.toString());
      assertEquals(List.of("s.a", "t.b"), strings(plan.get("added")));
      assertEquals(Map.of("s.a", "venv__s.s__a__", "t.b", "venv__t.t__b__"), physicalPrefixes(plan.get("builds")),
          "one physical table per model");

      JsonNode created = json(w, "create", "prod", "--models", models.toString());
      assertEquals(2, created.get("built").size());
      Map<String, String> prod = shown(w, "prod");
      assertEquals(Map.of("s.a", "venv__s.s__a__", "t.b", "venv__t.t__b__"), prefixes(prod), "show names each model's own table");
      assertEquals(2, w.physicalObjects().size(), w.physicalObjects()::toString);

      // a second environment from one that holds both: it shares both tables, builds nothing
      JsonNode qa = json(w, "create", "qa", "--models", models.toString());
      assertEquals(0, qa.get("built").size());
      assertEquals(prod, shown(w, "qa"));
      assertViewsReadTheirOwnTables(w, "qa", prod);
      assertReadsThroughTheDriver(w, "qa", models, "42");

      // dev changes both models alike: again two snapshots, two new tables
      Path changed = twins(dir.resolve("v2"), "SELECT 43 AS x");
      JsonNode dev = json(w, "create", "dev", "--models", changed.toString());
      assertEquals(2, dev.get("built").size());
      Map<String, String> devShown = shown(w, "dev");
      assertEquals(Map.of("s.a", "venv__s.s__a__", "t.b", "venv__t.t__b__"), prefixes(devShown));
      assertReadsThroughTheDriver(w, "dev", changed, "43");

      JsonNode promoted = json(w, "promote", "dev");
      assertEquals(List.of("s.a", "t.b"), strings(promoted.get("directly_modified")));
      assertEquals(devShown, shown(w, "prod"));
      assertViewsReadTheirOwnTables(w, "prod", devShown);
      assertReadsThroughTheDriver(w, "prod", null, "43");
      assertReadsThroughTheDriver(w, "qa", null, "42");
    }
  }

  /** A repository of two models in two schemas with one query: s.a and t.b. */
  private static Path twins(Path root, String query) {
    Path models = root.resolve("models");
    ModelRepositories.write(models.resolve("s/a.sql"), "MODEL (name s.a, kind FULL);\n" + query + "\n");
    ModelRepositories.write(models.resolve("t/b.sql"), "MODEL (name t.b, kind FULL);\n" + query + "\n");
    return models;
  }

  private static void assertViewsReadTheirOwnTables(Warehouse w, String env, Map<String, String> physical)
      throws Exception {
    for (Map.Entry<String, String> e : physical.entrySet()) {
      String[] model = e.getKey().split("\\.");
      String schema = env.equals("prod") ? model[0] : model[0] + "__" + env;
      String definition = w.viewDefinition(schema, model[1]).replace("\"", "");
      assertTrue(definition.contains(e.getValue()), env + "'s view of " + e.getKey() + " reads " + definition
          + ", not " + e.getValue());
    }
  }

  /** Both models read through {@code jdbc:venv:<env>:...}, each routed to its own table. */
  private static void assertReadsThroughTheDriver(Warehouse w, String env, Path models, String expected)
      throws Exception {
    try (Connection c = w.connectThroughVenv(env, models)) {
      assertEquals(List.of(expected), Rows.of(c, "SELECT x FROM s.a"));
      assertEquals(List.of(expected), Rows.of(c, "SELECT x FROM t.b"));
      assertEquals(List.of(expected + "|" + expected), Rows.of(c, "SELECT a.x, b.x FROM s.a AS a, t.b AS b"));
      String routed = c.nativeSQL("SELECT x FROM t.b");
      assertTrue(routed.replace("\"", "").contains("venv__t.t__b__"), routed);
      assertFalse(routed.contains("s__a"), routed);
    }
  }

  private static JsonNode json(Warehouse w, String... command) throws Exception {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(w.cliArguments());
    args.add("--json");
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, run.exitCode(), String.join(" ", command) + ": " + run.err());
    return JSON.readTree(run.out());
  }

  /** model → physical object, as {@code show --json} prints them. */
  private static Map<String, String> shown(Warehouse w, String env) throws Exception {
    Map<String, String> result = new HashMap<>();
    for (JsonNode s : json(w, "show", env).get("snapshots")) {
      result.put(s.get("model").asText(), s.get("physical").asText());
    }
    return result;
  }

  private static Map<String, String> physicalPrefixes(JsonNode builds) {
    Map<String, String> result = new HashMap<>();
    builds.forEach(b -> result.put(b.get("model").asText(), b.get("physical").asText()));
    return prefixes(result);
  }

  /** Each physical name without its version: what says which model's table it is. */
  private static Map<String, String> prefixes(Map<String, String> physical) {
    Map<String, String> result = new HashMap<>();
    physical.forEach((model, name) -> result.put(model, name.replaceFirst("[0-9a-f]{16}$", "")));
    return result;
  }

  private static List<String> strings(JsonNode array) {
    List<String> result = new ArrayList<>();
    array.forEach(n -> result.add(n.asText()));
    return result;
  }
}
