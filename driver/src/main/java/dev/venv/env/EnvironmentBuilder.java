package dev.venv.env;

import dev.venv.engine.Engine;
import dev.venv.model.ModelDefinition;
import dev.venv.model.ModelKind;
import dev.venv.model.ModelRepository;
import dev.venv.sql.ModelReferenceRewriter;
import dev.venv.state.ConnectionSource;
import dev.venv.state.PhysicalName;
import dev.venv.state.PhysicalObject;
import dev.venv.state.Snapshot;
import dev.venv.state.StateStore;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds a plan's missing physical objects, parents first, independent ones in parallel.
 *
 * <p>Each object is built under a temporary name, renamed when complete, and only then marked
 * built: a killed build leaves debris under a temporary name (for the janitor), never a final name
 * on a half-built object. A lock per object makes two environments that need it build it once.
 *
 * <p>Each build holds one connection, within the engine's {@linkplain Engine#budget() budget}: its
 * lock, its DDL and its state write all go through it.
 */
public final class EnvironmentBuilder {
  private static final Duration BUILD_LOCK_TIMEOUT = Duration.ofMinutes(30);
  private static final SecureRandom RANDOM = new SecureRandom();
  static final String BUILD_SUFFIX = "__build_";
  /** {@link #BUILD_SUFFIX} and 8 hex chars. */
  private static final int BUILD_SUFFIX_LENGTH = BUILD_SUFFIX.length() + 8;

  private final Engine engine;
  private final BuildProgress progress;
  private final Clock clock;

  public EnvironmentBuilder(Engine engine, BuildProgress progress, Clock clock) {
    this.clock = clock;
    this.engine = engine;
    this.progress = progress;
  }

  /**
   * Builds every object of {@code plan.builds()}; throws the first failure after the others stop.
   *
   * @param creator the creator's connection, for the schemas made before the builds
   */
  public void build(Plan plan, ModelRepository repository, Connection creator) throws SQLException {
    List<Snapshot> builds = plan.builds();
    for (Snapshot s : builds) {
      // the temporary name is the longest venv gives an object
      if (s.physical().table().length() + BUILD_SUFFIX_LENGTH > engine.maxIdentifierLength()) {
        throw new SQLException("Model " + s.model() + " (" + s.modelPath() + "): its physical name " + s.physical()
            + " is too long for this backend (at most " + (engine.maxIdentifierLength() - BUILD_SUFFIX_LENGTH)
            + " characters for schema__table__version); shorten the model's name", "42622");
      }
    }
    progress.starting(plan.environment(), builds.size());
    if (builds.isEmpty()) {
      return;
    }
    Map<String, String> physicalNames = new HashMap<>();
    plan.snapshots().forEach((model, snapshot) -> physicalNames.put(model, snapshot.physical().quoted()));
    ModelReferenceRewriter toPhysical = ModelReferenceRewriter.of(physicalNames, engine.dialect());

    Set<String> schemas = new TreeSet<>();
    builds.forEach(s -> schemas.add(s.physical().schema()));
    // Up front and one at a time: concurrent CREATE SCHEMA of one schema conflicts in DuckDB.
    for (String schema : schemas) {
      engine.createSchema(creator, schema);
    }

    ExecutorService executor = Executors.newFixedThreadPool(Math.min(engine.buildParallelism(), builds.size()), r -> {
      Thread t = new Thread(r, "venv-build");
      t.setDaemon(true);
      return t;
    });
    try {
      Map<String, CompletableFuture<Void>> futures = new HashMap<>();
      AtomicInteger done = new AtomicInteger();
      for (Snapshot snapshot : builds) { // dependency order: parents' futures exist already
        CompletableFuture<?>[] parents = snapshot.parents().stream()
            .map(futures::get).filter(f -> f != null).toArray(CompletableFuture[]::new);
        futures.put(snapshot.model(), CompletableFuture.allOf(parents).thenRunAsync(() -> {
          long start = System.nanoTime();
          try {
            buildOne(snapshot, repository.model(snapshot.model()), toPhysical, plan.environment());
          } catch (SQLException e) {
            throw new CompletionException(e);
          }
          progress.built(snapshot, done.incrementAndGet(), builds.size(), Duration.ofNanos(System.nanoTime() - start));
        }, executor));
      }
      try {
        CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new)).join();
      } catch (CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof SQLException sql) {
          throw sql;
        }
        throw new SQLException("Build failed: " + cause, "58000", cause);
      }
    } finally {
      executor.shutdownNow();
    }
  }

  private static String randomSuffix() {
    byte[] bytes = new byte[4];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private void buildOne(Snapshot snapshot, ModelDefinition model, ModelReferenceRewriter toPhysical,
      String environment) throws SQLException {
    PhysicalName target = snapshot.physical();
    try {
      engine.withBuildConnection(BUILD_LOCK_TIMEOUT, c -> engine.lock().withLock(c, "build:" + target,
          BUILD_LOCK_TIMEOUT, conn -> {
            StateStore state = StateStore.jdbc(ConnectionSource.borrowed(conn), engine.lock());
            if (!state.built(Set.of(target)).isEmpty()) {
              return null; // another environment built it meanwhile
            }
            boolean view = model.kind() == ModelKind.VIEW;
            // An object only ever gets its final name complete, so one found under it (a build killed
            // after its rename) needs marking, not building.
            if (!engine.exists(conn, target)) {
              PhysicalName temporary = new PhysicalName(target.schema(),
                  target.table() + BUILD_SUFFIX + randomSuffix());
              switch (model.kind()) {
                case SEED -> engine.loadSeed(conn, temporary, model.seed());
                case FULL -> engine.createTableAs(conn, temporary, toPhysical.rewrite(model.query()));
                case VIEW -> engine.createView(conn, temporary, toPhysical.rewrite(model.query()));
              }
              engine.rename(conn, temporary, target.table(), view);
            }
            state.write(tx -> {
              tx.markBuilt(new PhysicalObject(target, snapshot.model(), snapshot.version(), view ? "VIEW" : "TABLE",
                  clock.instant()));
              return null;
            });
            return null;
          }));
    } catch (SQLException e) {
      // The backend's message names the physical (or temporary) object; say which model it is.
      SQLException failure = new SQLException("Building model " + snapshot.model() + " (" + model.relativePath()
          + ") for environment " + environment + " failed (its physical object is " + target + "): " + e.getMessage(),
          e.getSQLState() == null ? "42000" : e.getSQLState(), e);
      for (Throwable suppressed : e.getSuppressed()) {
        failure.addSuppressed(suppressed);
      }
      throw failure;
    }
  }
}
