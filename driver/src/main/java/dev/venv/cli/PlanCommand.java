package dev.venv.cli;

import dev.venv.env.Environments;
import dev.venv.env.Plan;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Show what creating or updating ENV from the model repository would do: models added, removed,"
        + " directly and indirectly modified, metadata-only, and the physical objects to build. A direct change is"
        + " non-breaking (only columns added), partial breaking (some columns' expressions changed) or breaking;"
        + " a model downstream that reads none of what changed keeps its physical object (reused). Changes nothing.")
final class PlanCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ENV", description = "Environment name ([a-z][a-z0-9_]{0,39}, no __)")
  String environment;

  @Option(names = "--from", defaultValue = "prod", description = "Source environment of a new one (default: ${DEFAULT-VALUE})")
  String from;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin BackendOptions backend;
  @Mixin RepositoryOptions repository;
  @Mixin BreakingOptions breaking;

  @Override
  public Integer call() throws Exception {
    VenvCli.checkEnvironmentName(spec, environment);
    VenvCli.checkEnvironmentName(spec, from);
    Plan plan;
    try (Environments environments = backend.open()) {
      var models = repository.load(environments);
      plan = environments.plan(models, environment, from, breaking.overrides(spec, models));
    }
    breaking.checkModified(spec, plan);
    if (backend.json) {
      Json.print(PlanReport.json(plan));
    } else {
      PlanReport.print(plan, System.out);
    }
    return 0;
  }
}
