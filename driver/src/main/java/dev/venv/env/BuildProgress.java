package dev.venv.env;

import dev.venv.state.Snapshot;
import java.io.PrintStream;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hears about builds as they happen: the CLI prints it on stderr; the driver logs it, or prints
 * it on stderr when a connect asks ({@code progress=stderr}).
 */
public interface BuildProgress {

  void starting(String environment, int builds);

  void built(Snapshot snapshot, int done, int total, Duration took);

  /** Prints one line per build. */
  static BuildProgress printing(PrintStream out) {
    return new BuildProgress() {
      @Override
      public void starting(String environment, int builds) {
        if (builds > 0) {
          out.println("venv: " + startLine(environment, builds));
        }
      }

      @Override
      public void built(Snapshot snapshot, int done, int total, Duration took) {
        out.println("venv:   " + builtLine(snapshot, done, total, took));
      }
    };
  }

  /**
   * Logs one build, inside a host application whose log is not venv's to fill: its start and end
   * at {@code FINE}, each object at {@code FINER}. Below {@code INFO}, because the JDK's default
   * logging prints {@code INFO} on the console, and the host's stderr gets nothing it did not ask
   * for (PgJDBC logs below {@code INFO} too); {@code dev.venv} at {@code FINE} explains a connect
   * that builds for minutes.
   */
  static BuildProgress logging(Logger logger) {
    return new BuildProgress() {
      private volatile String environment;

      @Override
      public void starting(String environment, int builds) {
        this.environment = environment;
        if (builds > 0) {
          log(logger, Level.FINE, startLine(environment, builds));
        }
      }

      @Override
      public void built(Snapshot snapshot, int done, int total, Duration took) {
        if (logger.isLoggable(Level.FINER)) {
          log(logger, Level.FINER, builtLine(snapshot, done, total, took));
        }
        if (done == total) {
          log(logger, Level.FINE, "environment " + environment + ": built " + plural(total, "physical object"));
        }
      }
    };
  }

  /** Says nothing. */
  static BuildProgress silent() {
    return new BuildProgress() {
      @Override
      public void starting(String environment, int builds) {}

      @Override
      public void built(Snapshot snapshot, int done, int total, Duration took) {}
    };
  }

  /** Said to come from the creation, not from this interface's anonymous class, which JUL would infer. */
  private static void log(Logger logger, Level level, String message) {
    logger.logp(level, "dev.venv.env.Creation", "build", message);
  }

  private static String startLine(String environment, int builds) {
    return "environment " + environment + ": building " + plural(builds, "physical object");
  }

  private static String builtLine(Snapshot snapshot, int done, int total, Duration took) {
    return "[" + done + "/" + total + "] " + snapshot.kind() + " " + snapshot.model() + " -> " + snapshot.physical()
        + " (" + took.toMillis() + " ms)";
  }

  private static String plural(int count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
