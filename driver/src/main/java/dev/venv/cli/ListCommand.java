package dev.venv.cli;

import dev.venv.env.Environments;
import dev.venv.state.Environment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List environments: models, physical objects owned (held by no other environment), created,"
        + " last used, expiry.")
final class ListCommand implements Callable<Integer> {
  @Mixin BackendOptions backend;

  @Override
  public Integer call() throws Exception {
    Inventory inventory;
    try (Environments environments = backend.openExisting()) {
      inventory = Inventory.read(environments.state());
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Environment e : inventory.environments()) {
      rows.add(inventory.describe(e, false));
    }
    if (backend.json) {
      Json.print(Map.of("environments", rows));
      return 0;
    }
    if (rows.isEmpty()) {
      System.out.println("No environments yet: create one with `create ENV --models DIR`.");
      return 0;
    }
    String format = "%-20s %6s %5s  %-20s %-20s %-20s%n";
    System.out.printf(format, "ENVIRONMENT", "MODELS", "OWN", "CREATED", "LAST USED", "EXPIRES");
    for (Map<String, Object> row : rows) {
      System.out.printf(format, row.get("name"), row.get("models"), row.get("owned_objects"), row.get("created_at"),
          row.get("last_used_at"), row.get("expires_at") == null ? "never" : row.get("expires_at"));
    }
    return 0;
  }
}
