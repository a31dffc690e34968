package dev.venv.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium, for tests that check what a page renders rather than its text: the DOM after
 * load, and a screenshot. Each run has a fresh profile and no network chatter of its own. Without
 * Chromium a test skips with a loud message; on CI (where .ci/run installs Debian's
 * {@code chromium}) it fails instead.
 */
public final class Chromium {
  private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--hide-scrollbars");

  private final Path binary;

  private Chromium(Path binary) {
    this.binary = binary;
  }

  /** Chromium from {@code VENV_CHROMIUM} or the PATH; skips the test (fails it on CI) without one. */
  public static Chromium require() {
    Optional<Path> found = find();
    if (found.isEmpty()) {
      String message = "no Chromium: set VENV_CHROMIUM or put chromium on the PATH (Debian: apt-get install chromium)";
      if (PostgresTestDatabase.onCi()) {
        Assertions.fail(message + ". CI=" + System.getenv("CI") + ", so this fails instead of skipping;"
            + " .ci/run installs it");
      }
      System.err.println("\n*** Chromium rendering tests SKIPPED: " + message + " ***\n");
      Assumptions.assumeTrue(false, "Chromium rendering tests SKIPPED: " + message);
    }
    return new Chromium(found.get());
  }

  private static Optional<Path> find() {
    String configured = System.getenv("VENV_CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured)).filter(Files::isExecutable);
    }
    for (String folder : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        Path candidate = Path.of(folder, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** The page's DOM, serialized after it has loaded (and its scripts, if any, have run). */
  public String dumpDom(Path page) throws IOException, InterruptedException {
    return run(List.of("--dump-dom", page.toUri().toString()), null);
  }

  /** A screenshot of the page in a window of the given size, as PNG in {@code png}. */
  public void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
    run(List.of("--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(),
        page.toUri().toString()), png);
  }

  private String run(List<String> arguments, Path expected) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("venv-chromium-profile");
    try {
      List<String> command = new ArrayList<>();
      command.add(binary.toString());
      command.addAll(FLAGS);
      command.add("--user-data-dir=" + profile);
      command.addAll(arguments);
      Path stdout = profile.resolveSibling(profile.getFileName() + ".out");
      Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("Chromium did not finish within 120 s: " + command);
      }
      String out = Files.readString(stdout, StandardCharsets.UTF_8);
      Files.deleteIfExists(stdout);
      if (process.exitValue() != 0 || (expected != null && !Files.isRegularFile(expected))) {
        throw new AssertionError("Chromium failed (exit " + process.exitValue() + "): " + command + "\n" + out);
      }
      return out;
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
