package dev.venv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.venv.testing.ModelRepositories;
import dev.venv.testing.Warehouse;
import dev.venv.testing.Warehouse.Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code plan}/{@code create} with change categories, {@code --breaking}, and {@code venv lineage}. */
class ChangeCategoriesCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Backend.class)
  void planSaysWhatEachChangeCanAffect(Backend backend) throws Exception {
    try (Warehouse w = Warehouse.open(backend, dir)) {
      Path prod = ModelRepositories.copyShop(dir.resolve("prod"));
      assertEquals(0, run(w, "create", "prod", "--models", prod.toString()).exitCode());
      Path dev = ModelRepositories.copyShop(dir.resolve("dev"));
      ModelRepositories.edit(dev.resolve("staging/stg_products.sql"), "LOWER(TRIM(p.category))",
          "UPPER(TRIM(p.category))");

      CliRun plan = run(w, "plan", "dev", "--models", dev.toString());
      assertEquals(0, plan.exitCode(), plan.err());
      assertTrue(plan.out().contains("  staging.stg_products (partial breaking: category)"), plan.out());
      assertTrue(plan.out().contains("  marts.product_sales (rebuilt: reads category)"), plan.out());
      assertTrue(plan.out().contains("  marts.daily_revenue (reused: does not read category)"), plan.out());
      assertTrue(plan.out().contains("Physical objects to build (2):"), plan.out());

      JsonNode json = JSON.readTree(run(w, "plan", "dev", "--models", dev.toString(), "--json").out());
      JsonNode stg = model(json, "staging.stg_products");
      assertEquals("partial-breaking", stg.get("category").asText());
      assertEquals("[\"category\"]", stg.get("changed_columns").toString());
      assertEquals("calcite", stg.get("parser").asText());
      JsonNode daily = model(json, "marts.daily_revenue");
      assertTrue(daily.get("reused").asBoolean());
      assertEquals("[\"staging.stg_products.category\"]", daily.get("upstream_columns").toString());

      JsonNode all = JSON.readTree(run(w, "plan", "dev", "--models", dev.toString(), "--json", "--breaking-all").out());
      assertEquals(6, all.get("builds").size(), "stg_products and the five marts below it");
      JsonNode one = JSON.readTree(run(w, "create", "dev", "--models", dev.toString(), "--json", "--breaking",
          "STAGING.stg_products").out());
      assertEquals(6, one.get("built").size(), one.toString());
      // a new environment created with --breaking, then the same command again, as a CI script
      // re-runs it: the environment holds the repository, there is nothing to do, and no flag is wrong
      for (int i = 0; i < 2; i++) {
        CliRun again = run(w, "create", "dev3", "--models", dev.toString(), "--breaking", "staging.stg_products");
        assertEquals(0, again.exitCode(), i + ": " + again.out() + again.err());
        assertEquals(i == 1, again.out().contains("nothing to do"), again.out());
      }

      CliRun unknown = run(w, "plan", "dev", "--models", dev.toString(), "--breaking", "staging.nope");
      assertEquals(2, unknown.exitCode());
      assertTrue(unknown.err().contains("--breaking staging.nope: no such model"), unknown.err());

      // a model that was not modified: forcing it would force nothing, so it is refused, as a typo
      for (String command : List.of("plan", "create")) {
        CliRun unmodified = run(w, command, "dev2", "--models", dev.toString(), "--breaking", "marts.product_sales");
        assertEquals(2, unmodified.exitCode(), unmodified.out() + unmodified.err());
        assertTrue(unmodified.err().contains("--breaking marts.product_sales: it is not directly modified"),
            unmodified.err());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void lineageFollowsAColumnUpAndDown(Backend backend) throws Exception {
    try (Warehouse w = Warehouse.open(backend, dir)) {
      Path prod = ModelRepositories.copyShop(dir.resolve("prod"));
      assertEquals(0, run(w, "create", "prod", "--models", prod.toString()).exitCode());

      JsonNode json = JSON.readTree(run(w, "lineage", "staging.stg_products.category", "--json").out());
      JsonNode category = json.get("columns").get(0);
      assertEquals("[\"raw.products.category\"]", category.get("sources").toString());
      List<String> readers = new ArrayList<>();
      category.get("downstream").forEach(r -> readers.add(r.get("model").asText() + "." + r.get("column").asText()
          + " in " + r.get("reads_in").asText()));
      assertEquals(List.of("marts.product_sales.category in column", "marts.product_sales.null in frame"), readers,
          "its GROUP BY reads it too");

      CliRun text = run(w, "lineage", "marts.customer_lifetime.segment", "--env", "prod");
      assertEquals(0, text.exitCode(), text.err());
      assertTrue(text.out().contains("upstream: marts.customer_orders.revenue"), text.out());
      assertTrue(text.out().contains("marts.country_revenue (filters, joins or groupings)")
          || text.out().contains("marts.country_revenue.buying_customers"), text.out());

      CliRun missing = run(w, "lineage", "marts.customer_lifetime.nope");
      assertEquals(1, missing.exitCode());
      assertTrue(missing.err().contains("42703"), missing.err());
    }
  }

  private static JsonNode model(JsonNode plan, String name) {
    for (JsonNode m : plan.get("models")) {
      if (m.get("model").asText().equals(name)) {
        return m;
      }
    }
    throw new AssertionError(name + " not in " + plan);
  }

  private static CliRun run(Warehouse w, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(w.cliArguments());
    return CliRun.of(all.toArray(String[]::new));
  }
}
