package dev.venv.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A run of another JVM, as a user runs the packaged jar: its exit code and everything it printed. */
public record JavaProcess(int code, String output) {

  /** Runs {@code java args...} with stdin from {@code stdin} (none when {@code null}), its output kept in {@code dir}. */
  public static JavaProcess run(Path dir, List<String> args, Path stdin) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(args);
    Path log = Files.createTempFile(dir, "out", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null")) : ProcessBuilder.Redirect.from(stdin.toFile()));
    Process p = pb.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished in time");
    return new JavaProcess(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
