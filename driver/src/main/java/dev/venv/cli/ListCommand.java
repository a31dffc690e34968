package dev.venv.cli;

import dev.venv.env.Environments;
import dev.venv.state.Environment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List environments: models, snapshots no other environment holds, created, last used, expiry.")
final class ListCommand implements Callable<Integer> {
  @Mixin BackendOptions backend;

  @Override
  public Integer call() throws Exception {
    List<Environment> environments;
    try (Environments opened = backend.open()) {
      environments = opened.list();
    }
    // A snapshot held by one environment only is that environment's own: it goes when it goes.
    Map<String, Integer> holders = new HashMap<>();
    environments.forEach(e -> e.snapshots().values().forEach(f -> holders.merge(f, 1, Integer::sum)));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Environment e : environments) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", e.name());
      row.put("models", e.snapshots().size());
      row.put("own_snapshots", e.snapshots().values().stream().filter(f -> holders.get(f) == 1).count());
      row.put("plan_id", e.planId());
      row.put("previous_plan_id", e.previousPlanId());
      row.put("source", e.sourceEnvironment());
      row.put("created_at", text(e.createdAt()));
      row.put("finalized_at", text(e.finalizedAt()));
      row.put("last_used_at", text(e.lastUsedAt()));
      row.put("expires_at", e.expiresAt() == null ? null : text(e.expiresAt()));
      rows.add(row);
    }
    if (backend.json) {
      Json.print(Map.of("environments", rows));
      return 0;
    }
    if (rows.isEmpty()) {
      System.out.println("No environments yet: create one with `create ENV --models DIR`.");
      return 0;
    }
    System.out.printf("%-20s %6s %5s  %-20s %-20s %-20s%n", "ENVIRONMENT", "MODELS", "OWN", "CREATED", "LAST USED", "EXPIRES");
    for (Map<String, Object> row : rows) {
      System.out.printf("%-20s %6s %5s  %-20s %-20s %-20s%n", row.get("name"), row.get("models"), row.get("own_snapshots"),
          row.get("created_at"), row.get("last_used_at"), row.get("expires_at") == null ? "never" : row.get("expires_at"));
    }
    return 0;
  }

  private static String text(Instant instant) {
    return instant.toString().replaceFirst("\\.\\d+Z$", "Z");
  }
}
