package dev.venv.cli;

import dev.venv.env.BreakingOverrides;
import dev.venv.model.ModelRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --breaking MODEL} and {@code --breaking-all}: the safe path, whatever the analysis finds. */
final class BreakingOptions {
  @Option(names = "--breaking", paramLabel = "MODEL",
      description = "Treat MODEL's change as breaking: rebuild every model downstream of it, reuse none"
          + " (repeatable). By default the analysis decides what a change can affect")
  List<String> models = new ArrayList<>();

  @Option(names = "--breaking-all", description = "Treat every directly modified model's change as breaking")
  boolean all;

  /** The overrides, each model checked against the repository (an unknown one is bad usage). */
  BreakingOverrides overrides(CommandLine.Model.CommandSpec spec, ModelRepository repository) {
    for (String model : models) {
      if (repository.model(model.toLowerCase(Locale.ROOT)) == null) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--breaking " + model + ": no such model in " + repository.root());
      }
    }
    return new BreakingOverrides(all, new java.util.HashSet<>(models));
  }

  /**
   * Refuses (bad usage, exit 2) a {@code --breaking MODEL} whose model {@code plan} does not hold
   * as directly modified: forcing its change would force nothing, and its descendants would still
   * be decided by the analysis, which is not what the flag promises.
   */
  void checkModified(CommandLine.Model.CommandSpec spec, dev.venv.env.Plan plan) {
    if (plan.changes().stream().allMatch(c -> c.category() == dev.venv.env.ChangeCategory.UNCHANGED)) {
      return; // the environment holds the repository already: nothing to do, and no flag to judge
    }
    for (String model : models) {
      String name = model.toLowerCase(Locale.ROOT);
      boolean modified = plan.changes().stream().anyMatch(c -> c.model().equals(name)
          && c.category() == dev.venv.env.ChangeCategory.DIRECTLY_MODIFIED);
      if (!modified) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--breaking " + model
            + ": it is not directly modified in this plan (nothing of its own changed), so there is no change of"
            + " its to treat as breaking; name a modified model upstream, or use --breaking-all");
      }
    }
  }
}
