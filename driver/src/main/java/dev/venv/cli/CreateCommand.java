package dev.venv.cli;

import dev.venv.env.Environments;
import dev.venv.env.Plan;
import dev.venv.env.Ttl;
import dev.venv.state.Environment;
import dev.venv.state.Snapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "create", mixinStandardHelpOptions = true,
    description = "Create ENV from the model repository, or update an existing ENV to the repository's models."
        + " Builds only physical objects no snapshot has yet; every other model shares what exists, and a model"
        + " downstream of a change that cannot affect its rows keeps its physical object.")
final class CreateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ENV", description = "Environment name ([a-z][a-z0-9_]{0,39}, no __)")
  String environment;

  @Option(names = "--from", defaultValue = "prod", description = "Source environment of a new one (default: ${DEFAULT-VALUE})")
  String from;

  @Option(names = "--ttl", paramLabel = "DURATION",
      description = "Expiry after last use, e.g. 7d, 12h, 30m, or 'never' (default: 7d for a new ENV; an existing"
          + " ENV keeps its own; prod never expires)")
  String ttl;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin BackendOptions backend;
  @Mixin RepositoryOptions repository;
  @Mixin BreakingOptions breaking;

  @Override
  public Integer call() throws Exception {
    VenvCli.checkEnvironmentName(spec, environment);
    VenvCli.checkEnvironmentName(spec, from);
    Environments.Created created;
    Plan plan;
    try (Environments environments = backend.open()) {
      var models = repository.load(environments);
      if (!breaking.models.isEmpty()) {
        breaking.checkModified(spec, environments.plan(models, environment, from, breaking.overrides(spec, models)));
      }
      created = environments.create(models, environment, from, ttl == null ? null : Ttl.parse(ttl),
          breaking.overrides(spec, models));
      if (!created.changed() && !backend.json) {
        System.out.printf("Environment '%s' already holds the repository's models: nothing to do.%n",
            created.environment().name());
        return 0;
      }
      plan = created.plan(); // an unchanged environment's is made now, for the report
    }
    Environment env = created.environment();
    List<Snapshot> builtHere = created.built(); // not what another create built meanwhile
    List<String> built = builtHere.stream().map(Snapshot::model).toList();
    List<String> shared = plan.snapshots().keySet().stream().filter(m -> !built.contains(m)).toList();
    TreeSet<String> viewSchemas = new TreeSet<>();
    env.snapshots().keySet().forEach(m -> viewSchemas.add(Environment.view(m, env.name()).schema()));
    if (backend.json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("environment", env.name());
      doc.put("changed", created.changed());
      doc.put("plan_id", env.planId());
      doc.put("previous_plan_id", env.previousPlanId());
      doc.put("built", built);
      doc.put("shared", shared);
      doc.put("view_schemas", List.copyOf(viewSchemas));
      doc.put("expires_at", env.expiresAt() == null ? null : env.expiresAt().toString());
      doc.put("plan", PlanReport.json(plan));
      Json.print(doc);
      return 0;
    }
    PlanReport.printChanges(plan, System.out);
    System.out.printf("%nBuilt (%d):%n", built.size());
    builtHere.forEach(s -> System.out.printf("  %-40s %s%n", s.model(), s.physical()));
    System.out.printf("%nShared with existing physical objects (%d):%n", shared.size());
    shared.forEach(m -> System.out.printf("  %-40s %s%n", m, plan.snapshots().get(m).physical()));
    System.out.printf("%nEnvironment '%s' is ready (plan %s): %d models, views in %s.%n", env.name(), env.planId(),
        env.snapshots().size(), String.join(", ", viewSchemas));
    return 0;
  }
}
