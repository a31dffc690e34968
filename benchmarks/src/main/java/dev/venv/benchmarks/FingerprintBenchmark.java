package dev.venv.benchmarks;

import dev.venv.model.ModelFileCache;
import dev.venv.model.ModelRepository;
import dev.venv.sql.SqlDialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading, validating and fingerprinting a generated repository ({@link ModelRepository#load}).
 * Budget (SPEC §4): at least 10,000 models/s warm, i.e. under 100 ms for 1,000 models.
 *
 * <ul>
 *   <li>{@code warm}: nothing changed since the last load; every file is answered by the cache
 *       (path + mtime + size), so this is a directory walk, the graph and the fingerprints.
 *   <li>{@code oneChangedFile}: one leaf's query changed before each load (outside the timing).
 *   <li>{@code everyFileTouched}: every file got a new mtime before each load, so every file is
 *       read and parsed again: a cold cache, though a warm JIT.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class FingerprintBenchmark {
  @Param("1000")
  public int models;

  Path dir;
  RepositoryGenerator.Generated repository;
  long marker;
  /** The cache a runtime keeps across loads, as a driver's refresh=auto connects use it. */
  final ModelFileCache cache = new ModelFileCache();

  @Setup(Level.Trial)
  public void generate() throws Exception {
    dir = Files.createTempDirectory("venv-bench-fp");
    repository = RepositoryGenerator.generate(dir.resolve("repo"), models);
    int loaded = ModelRepository.load(repository.root(), SqlDialect.DUCKDB, cache).fingerprints().size();
    if (loaded != models) {
      throw new IllegalStateException("generated " + models + " models, loaded " + loaded);
    }
  }

  @TearDown(Level.Trial)
  public void delete() {
    TempFiles.deleteTree(dir);
  }

  /** Changes one file before each {@code oneChangedFile} load. */
  @State(Scope.Benchmark)
  public static class OneChange {
    @Setup(Level.Invocation)
    public void change(FingerprintBenchmark b) {
      b.repository.changeLeaf(++b.marker);
    }
  }

  /** Touches every file before each {@code everyFileTouched} load. */
  @State(Scope.Benchmark)
  public static class AllTouched {
    @Setup(Level.Invocation)
    public void touch(FingerprintBenchmark b) {
      b.repository.touchAll();
    }
  }

  @Benchmark
  public ModelRepository warm() throws Exception {
    return ModelRepository.load(repository.root(), SqlDialect.DUCKDB, cache);
  }

  @Benchmark
  public ModelRepository oneChangedFile(OneChange change) throws Exception {
    return ModelRepository.load(repository.root(), SqlDialect.DUCKDB, cache);
  }

  @Benchmark
  public ModelRepository everyFileTouched(AllTouched touched) throws Exception {
    return ModelRepository.load(repository.root(), SqlDialect.DUCKDB, cache);
  }
}
