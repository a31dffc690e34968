package dev.venv.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing what a benchmark left in the temp folder. */
final class TempFiles {
  private TempFiles() {}

  /** Deletes {@code dir} and everything below it; a file that cannot be deleted is left. */
  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // left for the OS to clean up
        }
      });
    } catch (IOException e) {
      // left for the OS to clean up
    }
  }
}
