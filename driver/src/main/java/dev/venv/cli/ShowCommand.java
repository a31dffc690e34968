package dev.venv.cli;

import dev.venv.env.EnvironmentName;
import dev.venv.env.Environments;
import dev.venv.state.Environment;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Show ENV: its snapshots (model, kind, version, physical object), the objects it owns, created,"
        + " last used, expiry.")
final class ShowCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ENV") String environment;

  @Mixin BackendOptions backend;

  @Override
  public Integer call() throws Exception {
    VenvCli.checkEnvironmentName(spec, environment);
    String name = EnvironmentName.validate(environment);
    Inventory inventory;
    try (Environments environments = backend.openExisting()) {
      inventory = Inventory.read(environments.state());
    }
    Environment env = inventory.environments().stream().filter(e -> e.name().equals(name)).findFirst()
        .orElseThrow(() -> new SQLException("Environment '" + name + "' does not exist", "42704"));
    Map<String, Object> doc = inventory.describe(env, true);
    if (backend.json) {
      Json.print(doc);
      return 0;
    }
    System.out.printf("Environment %s (plan %s, previous %s, from %s)%n", name, env.planId(), env.previousPlanId(),
        env.sourceEnvironment());
    System.out.printf("created %s, last used %s, expires %s%n%n", doc.get("created_at"), doc.get("last_used_at"),
        doc.get("expires_at") == null ? "never" : doc.get("expires_at"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> snapshots = (List<Map<String, Object>>) doc.get("snapshots");
    for (Map<String, Object> s : snapshots) {
      System.out.printf("  %-40s %-5s %s%s%n", s.get("model"), s.get("kind"), s.get("physical"),
          Boolean.TRUE.equals(s.get("owned")) ? "  (owned)" : "");
    }
    return 0;
  }
}
