package dev.venv.cli;

import dev.venv.env.Environments;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "invalidate", mixinStandardHelpOptions = true,
    description = "Expire ENV now; the next janitor run removes it. prod refuses.")
final class InvalidateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ENV", description = "Environment to expire")
  String environment;

  @Mixin BackendOptions backend;

  @Override
  public Integer call() throws Exception {
    VenvCli.checkEnvironmentName(spec, environment);
    try (Environments environments = backend.openExisting()) {
      environments.invalidate(environment);
    }
    if (backend.json) {
      Json.print(Map.of("environment", environment.toLowerCase(), "invalidated", true));
    } else {
      System.out.printf("Environment '%s' expires now; run janitor to remove it.%n", environment.toLowerCase());
    }
    return 0;
  }
}
