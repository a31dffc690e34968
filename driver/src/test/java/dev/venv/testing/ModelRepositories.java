package dev.venv.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Copies of examples/shop to change in tests, and small helpers to edit model files. */
public final class ModelRepositories {
  private ModelRepositories() {}

  /** The examples folder of this checkout (set by the build; falls back to the working directory). */
  public static Path examples() {
    String configured = System.getProperty("venv.examples.dir");
    Path path = configured != null ? Path.of(configured) : Path.of("..", "examples");
    return path.toAbsolutePath().normalize();
  }

  /** A copy of examples/shop in {@code dir}; returns its models folder. */
  public static Path copyShop(Path dir) {
    Path source = examples().resolve("shop");
    Path target = dir.resolve("shop");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path to = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(to);
        } else {
          Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target.resolve("models");
  }

  /**
   * Makes marts.customer_orders' change in {@code models} breaking, whatever else changed in it: its
   * join also asks that order_id is not null, which no row of the shop lacks. Tests of rebuilding
   * (builds, the janitor, killed builds) mean a change whose descendants are rebuilt too; without
   * this an edit of one column would be partial breaking, and its descendants reused.
   */
  public static void breakCustomerOrders(Path models) {
    edit(models.resolve("marts/customer_orders.sql"), "ON p.product_id = o.product_id",
        "ON p.product_id = o.product_id AND o.order_id IS NOT NULL");
  }

  /** Replaces {@code from} by {@code to} in a file, failing when {@code from} is not there. */
  public static void edit(Path file, String from, String to) {
    String text = read(file);
    if (!text.contains(from)) {
      throw new AssertionError("'" + from + "' not found in " + file);
    }
    write(file, text.replace(from, to));
  }

  public static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      long before = Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() : 0;
      Files.writeString(file, text, StandardCharsets.UTF_8);
      // A test edits faster than a person: two same-size edits within one clock tick would look
      // unchanged to the cache (path, mtime, size), so every edit moves the mtime on by a second.
      long modified = Math.max(System.currentTimeMillis(), before + 1000);
      Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(modified));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
