package dev.venv.benchmarks;

import dev.venv.engine.Engine;
import dev.venv.env.BreakingOverrides;
import dev.venv.env.BuildProgress;
import dev.venv.env.ChangeCategory;
import dev.venv.env.Environments;
import dev.venv.env.Plan;
import dev.venv.model.ModelRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
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
 * {@code plan} of a new environment from prod (a DuckDB file holding a generated repository), with
 * {@code changed} models changed, each by an added column (a non-breaking change whose descendants
 * the analysis reads): what change categories and column lineage cost at plan time. Budget: under
 * 1 s for 1,000 models with 10 changed.
 *
 * <ul>
 *   <li>{@code planAnalysed}: the default: each changed model's old and new query parsed and
 *       compared (Calcite, JSqlParser where Calcite's grammar lacks the syntax), each descendant's
 *       lineage resolved.
 *   <li>{@code planBreakingAll}: {@code --breaking-all}: no query is parsed, every descendant is
 *       rebuilt, as every plan did before change categories: the baseline of the ratio.
 * </ul>
 */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class PlanBenchmark {
  @Param("1000")
  public int models;

  @Param("10")
  public int changed;

  Path dir;
  Environments environments;
  ModelRepository repository;
  int next;

  @Setup(Level.Trial)
  public void buildProd() throws Exception {
    dir = Files.createTempDirectory("venv-bench-plan");
    RepositoryGenerator.Generated prod = RepositoryGenerator.generate(dir.resolve("repo"), models);
    RepositoryGenerator.Generated generated = RepositoryGenerator.generate(dir.resolve("repo-changed"), models);
    Engine engine = Engine.forUrl("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"), new Properties());
    environments = Environments.open(engine, BuildProgress.silent(), Duration.ofMinutes(1));
    environments.create(ModelRepository.load(prod.root()), "prod", "prod", null);
    // the models with the most descendants: each change has the most lineage to resolve below it
    ModelRepository unchanged = ModelRepository.load(generated.root());
    unchanged.models().values().stream()
        .filter(m -> m.kind() != dev.venv.model.ModelKind.SEED && !unchanged.graph().children(m.name()).isEmpty())
        .sorted(java.util.Comparator.comparingInt(
            (dev.venv.model.ModelDefinition m) -> -unchanged.graph().descendants(m.name()).size()))
        .limit(changed).forEach(m -> generated.changeModel(m.file(), 1));
    repository = ModelRepository.load(generated.root());
    Plan check = environments.plan(repository, "dev", "prod");
    if (check.models(ChangeCategory.DIRECTLY_MODIFIED).size() != changed) {
      throw new IllegalStateException("expected " + changed + " directly modified models, planned "
          + check.models(ChangeCategory.DIRECTLY_MODIFIED));
    }
    System.err.printf("plan: %d directly modified, %d objects to build, %d of %d models reused%n",
        check.models(ChangeCategory.DIRECTLY_MODIFIED).size(), check.builds().size(),
        check.changes().stream().filter(c -> c.reason() != null && !c.reason().direct()
            && java.util.Objects.equals(c.physical(), c.previousPhysical())).count(), models);
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    environments.close();
    TempFiles.deleteTree(dir);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @Warmup(iterations = 3, time = 2)
  @Measurement(iterations = 5, time = 2)
  public Plan planAnalysed() throws Exception {
    return environments.plan(repository, "dev_" + (next++ % 1000), "prod");
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @Warmup(iterations = 3, time = 2)
  @Measurement(iterations = 5, time = 2)
  public Plan planBreakingAll() throws Exception {
    return environments.plan(repository, "dev_" + (next++ % 1000), "prod", new BreakingOverrides(true, Set.of()));
  }
}
