package dev.venv.cli;

import dev.venv.env.ChangeCategory;
import dev.venv.env.Environments;
import dev.venv.env.Plan;
import dev.venv.env.Promotion;
import dev.venv.state.Environment;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "promote", mixinStandardHelpOptions = true,
    description = "Make the target environment (default prod) hold ENV's snapshots: only changed views are"
        + " swapped, in one transaction with the state (on Trino, which has no transactional DDL, right before"
        + " the state commits); nothing is built. Fails with a conflict when the target"
        + " changed meanwhile. Connections to the target see the new data from their next connect.")
final class PromoteCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ENV", description = "Environment to promote")
  String environment;

  @Option(names = "--to", defaultValue = "prod", description = "Target environment (default: ${DEFAULT-VALUE})")
  String target;

  @Mixin BackendOptions backend;

  @Override
  public Integer call() throws Exception {
    VenvCli.checkEnvironmentName(spec, environment);
    VenvCli.checkEnvironmentName(spec, target);
    Plan plan;
    Environment promoted;
    try (Environments environments = backend.openExisting()) {
      Promotion promotion = environments.preparePromotion(environment, target);
      plan = promotion.plan();
      long changed = plan.changes().stream()
          .filter(c -> c.category() != ChangeCategory.UNCHANGED && c.category() != ChangeCategory.METADATA_ONLY).count();
      System.err.printf("venv: promoting %s to %s: %d view%s to swap%n", environment, target, changed,
          changed == 1 ? "" : "s");
      promoted = promotion.commit();
    }
    if (backend.json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("source", environment);
      doc.put("target", promoted.name());
      doc.put("plan_id", promoted.planId());
      doc.put("previous_plan_id", promoted.previousPlanId());
      for (ChangeCategory category : ChangeCategory.values()) {
        doc.put(category.name().toLowerCase(Locale.ROOT), plan.models(category));
      }
      Json.print(doc);
      return 0;
    }
    PlanReport.printChanges(plan, System.out);
    System.out.printf("%nPromoted '%s' to '%s' (plan %s, previous %s): nothing built.%n", environment, promoted.name(),
        promoted.planId(), promoted.previousPlanId());
    return 0;
  }
}
