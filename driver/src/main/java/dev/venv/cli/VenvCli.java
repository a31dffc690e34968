package dev.venv.cli;

import dev.venv.engine.BackendErrors;
import dev.venv.env.EnvironmentName;
import java.io.PrintWriter;
import java.sql.SQLException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code venv} command line: {@code java -jar venv-jdbc.jar <command> --url <backend> ...}.
 * Exit 0 on success, 1 on failure, 2 on bad usage (SPEC §8).
 */
@Command(
    name = "venv",
    mixinStandardHelpOptions = true,
    versionProvider = VenvVersion.class,
    description = "Virtual data environments over one warehouse: plan, create, promote, list, show, diff, graph,"
        + " invalidate and clean up the environments of a model repository on DuckDB, PostgreSQL or Trino; lineage traces"
        + " a column across models; doctor checks"
        + " whether the database itself keeps clients off venv's objects.",
    subcommands = {PlanCommand.class, CreateCommand.class, PromoteCommand.class, ListCommand.class, ShowCommand.class,
        DiffCommand.class, GraphCommand.class, LineageCommand.class, InvalidateCommand.class, JanitorCommand.class,
        DoctorCommand.class,
        CommandLine.HelpCommand.class})
public final class VenvCli implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs one command line; returns its exit code. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new VenvCli());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      if (e instanceof SQLException sql) {
        // DuckDB's own errors carry none: the state its message says, as the driver gives clients
        String state = BackendErrors.sqlState(sql);
        err.println("error: " + sql.getMessage() + " [SQLState " + state + "]");
      } else {
        err.println("error: " + e);
        e.printStackTrace(err);
      }
      err.flush();
      return 1;
    });
    return cli.execute(args);
  }

  /** Refuses a bad environment name as bad usage (exit 2), before anything is opened. */
  static void checkEnvironmentName(CommandLine.Model.CommandSpec spec, String name) {
    try {
      EnvironmentName.validate(name);
    } catch (SQLException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: plan, create, promote, list, show, diff, graph, invalidate, janitor or doctor");
  }
}
