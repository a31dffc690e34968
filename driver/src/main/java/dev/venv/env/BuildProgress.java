package dev.venv.env;

import dev.venv.state.Snapshot;
import java.io.PrintStream;
import java.time.Duration;

/** Hears about builds as they happen; the CLI and the driver print it on stderr. */
public interface BuildProgress {

  void starting(String environment, int builds);

  void built(Snapshot snapshot, int done, int total, Duration took);

  /** Prints one line per build. */
  static BuildProgress printing(PrintStream out) {
    return new BuildProgress() {
      @Override
      public void starting(String environment, int builds) {
        if (builds > 0) {
          out.printf("venv: environment %s: building %d physical object%s%n", environment, builds, builds == 1 ? "" : "s");
        }
      }

      @Override
      public void built(Snapshot snapshot, int done, int total, Duration took) {
        out.printf("venv:   [%d/%d] %s %s -> %s (%d ms)%n", done, total, snapshot.kind(), snapshot.model(),
            snapshot.physical(), took.toMillis());
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
}
