package dev.venv.benchmarks;

import dev.venv.benchmarks.RepositoryGenerator.Kind;
import dev.venv.benchmarks.RepositoryGenerator.Shape;
import dev.venv.engine.Engine;
import dev.venv.env.BuildProgress;
import dev.venv.env.Environments;
import dev.venv.model.ModelRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A DuckDB file whose prod holds a generated repository of one kind and shape ({@link
 * RepositoryGenerator#generate(Path, int, Kind, Shape)}), beside {@code environments - 1} other
 * environments of the same models ({@code env_001}, ...: views only, every physical object shared
 * with prod), opened through {@link Environments}; and the repository, loaded.
 *
 * <p>Building one takes minutes (prod of 10,000 models, 99 environments of 1,000 models), so a run
 * builds each once: {@link BuiltWarehouses} keeps the file and every other fork opens a copy of it.
 * The repository is generated again in each fork (the same arguments write the same models).
 */
final class ScaleWarehouse implements AutoCloseable {
  private final Path dir;
  private final Path file;
  private final ModelRepository repository;
  private final Environments environments;
  private final Map<String, String> prodPhysical;

  private ScaleWarehouse(Path dir, Path file, ModelRepository repository,
      Environments environments, Map<String, String> prodPhysical) {
    this.dir = dir;
    this.file = file;
    this.repository = repository;
    this.environments = environments;
    this.prodPhysical = prodPhysical;
  }

  /** The name {@link BuiltWarehouses} keeps a warehouse under: {@code FULL-deep-1000-models-1-environments}. */
  static String key(Kind kind, Shape shape, int models, int environments) {
    return kind + "-" + shape.name().toLowerCase(Locale.ROOT) + "-" + models + "-models-" + environments
        + "-environments";
  }

  /** A DuckDB file of its own below a new temporary folder, holding prod and the other environments. */
  static ScaleWarehouse open(Kind kind, Shape shape, int models, int environments) throws Exception {
    if (environments < 1) {
      throw new IllegalArgumentException("a warehouse holds prod at least: environments >= 1, not " + environments);
    }
    Path dir = Files.createTempDirectory("venv-bench-scale");
    Environments opened = null;
    try {
      RepositoryGenerator.Generated generated = RepositoryGenerator.generate(dir.resolve("repo"), models, kind, shape);
      ModelRepository repository = ModelRepository.load(generated.root());
      Path file = dir.resolve("warehouse.duckdb");
      String key = key(kind, shape, models, environments);
      if (!BuiltWarehouses.copyTo(key, file)) {
        build(file, repository, kind, shape, models, environments);
      }
      opened = openEnvironments(file);
      int found = opened.list().size();
      if (found != environments) {
        throw new IllegalStateException(key + ": the warehouse holds " + found + " environments");
      }
      if (opened.create(repository, "prod", "prod", null).changed()) {
        throw new IllegalStateException(key + ": prod does not hold the generated repository's models");
      }
      Map<String, String> prodPhysical = new TreeMap<>();
      opened.state().snapshots(opened.environment("prod").orElseThrow().snapshotIds())
          .forEach((id, snapshot) -> prodPhysical.put(id.model(), snapshot.physical().quoted()));
      return new ScaleWarehouse(dir, file, repository, opened, prodPhysical);
    } catch (Exception | Error e) {
      if (opened != null) {
        opened.close();
      }
      TempFiles.deleteTree(dir);
      throw e;
    }
  }

  /**
   * Creates prod (or copies the run's warehouse of prod alone) and then the other environments,
   * keeping each stage in {@link BuiltWarehouses}; says how far it got on stderr, since this is
   * the slow part of a fork.
   */
  private static void build(Path file, ModelRepository repository, Kind kind, Shape shape, int models,
      int environments) throws SQLException {
    String key = key(kind, shape, models, environments);
    String prodKey = key(kind, shape, models, 1);
    if (!BuiltWarehouses.copyTo(prodKey, file)) {
      progress(key, "building prod of " + models + " " + kind + " " + shape.name().toLowerCase(Locale.ROOT)
          + " models ...");
      long start = System.nanoTime();
      try (Environments built = openEnvironments(file)) {
        built.create(repository, "prod", "prod", null);
      }
      progress(key, "prod built in " + seconds(start));
      BuiltWarehouses.keep(prodKey, file);
    }
    if (environments == 1) {
      return;
    }
    long start = System.nanoTime();
    try (Environments built = openEnvironments(file)) {
      for (int i = 1; i < environments; i++) {
        built.create(repository, otherEnvironment(i), "prod", null);
        if (i % 10 == 0 || i == environments - 1) {
          progress(key, i + " of " + (environments - 1) + " other environments created, " + seconds(start));
        }
      }
    }
    BuiltWarehouses.keep(key, file);
  }

  /** The name of the {@code i}th environment beside prod. */
  static String otherEnvironment(int i) {
    return String.format(Locale.ROOT, "env_%03d", i);
  }

  static Environments openEnvironments(Path file) throws SQLException {
    Engine engine = Engine.forUrl("jdbc:duckdb:" + file, new Properties());
    return Environments.open(engine, BuildProgress.silent(), Environments.DEFAULT_LOCK_TIMEOUT);
  }

  private static void progress(String key, String message) {
    System.err.println("scale warehouse " + key + ": " + message);
  }

  private static String seconds(long start) {
    return String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - start) / 1e9);
  }

  /** The DuckDB file. */
  Path file() {
    return file;
  }

  /** The repository prod holds, loaded. */
  ModelRepository repository() {
    return repository;
  }

  Environments environments() {
    return environments;
  }

  /** Model name → prod's physical object, quoted: what a new environment's views read. */
  Map<String, String> prodPhysical() {
    return prodPhysical;
  }

  @Override
  public void close() throws SQLException {
    try {
      environments.close();
    } finally {
      TempFiles.deleteTree(dir);
    }
  }
}
