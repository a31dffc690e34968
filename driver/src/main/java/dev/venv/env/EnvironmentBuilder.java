package dev.venv.env;

import dev.venv.engine.DdlBatch;
import dev.venv.engine.Engine;
import dev.venv.model.ModelDefinition;
import dev.venv.model.ModelKind;
import dev.venv.model.ModelRepository;
import dev.venv.sql.ModelReferenceRewriter;
import dev.venv.state.PhysicalName;
import dev.venv.state.PhysicalObject;
import dev.venv.state.Snapshot;
import dev.venv.state.StateStore;
import dev.venv.state.Transactions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Builds a plan's missing physical objects, parents first, independent ones in parallel.
 *
 * <p>On a backend with {@linkplain Engine#transactionalDdl() transactional DDL}, objects whose
 * parents are built (or earlier in the same batch, see {@link BuildQueue}) are built in batches of
 * up to {@value #MAX_BATCH}: one transaction per batch creates each object under its
 * final name and records it built, so a killed build leaves none of them and a commit makes them
 * all complete at once. A view then costs its DDL and little else (a transaction, a rename and a
 * state write each would cost more than the view). A batch that fails is rolled back and its
 * objects are built again one by one, which names the model that fails.
 *
 * <p>One by one (and always on a backend whose DDL commits on its own), an object is built under a
 * temporary name, renamed when complete, and only then marked built: a killed build leaves debris
 * under a temporary name (for the janitor), never a final name on a half-built object.
 *
 * <p>A lock per object, taken for a whole batch, makes two environments that need it build it once.
 * Each batch holds one connection, within the engine's {@linkplain Engine#budget() budget}: its
 * locks, its DDL and its state write all go through it.
 */
public final class EnvironmentBuilder {
  private static final Duration BUILD_LOCK_TIMEOUT = Duration.ofMinutes(30);
  private static final SecureRandom RANDOM = new SecureRandom();
  static final String BUILD_SUFFIX = "__build_";
  /** {@link #BUILD_SUFFIX} and 8 hex chars. */
  private static final int BUILD_SUFFIX_LENGTH = BUILD_SUFFIX.length() + 8;
  /**
   * Objects per batch at most: a batch holds its objects' build locks until it commits, so another
   * environment waiting for one of them waits for at most this many.
   */
  static final int MAX_BATCH = 1_000;

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
   * @return the objects this build made: without those another create built meanwhile
   */
  public Set<PhysicalName> build(Plan plan, ModelRepository repository, Connection creator) throws SQLException {
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
      return Set.of();
    }
    Map<String, String> physicalNames = new HashMap<>();
    plan.snapshots().forEach((model, snapshot) -> physicalNames.put(model, snapshot.physical().quoted()));
    Run run = new Run(repository, ModelReferenceRewriter.of(physicalNames, engine.dialect()), plan.environment(),
        builds.size());

    Set<String> schemas = new TreeSet<>();
    builds.forEach(s -> schemas.add(s.physical().schema()));
    // Up front and one at a time: concurrent CREATE SCHEMA of one schema conflicts in DuckDB.
    for (String schema : schemas) {
      engine.createSchema(creator, schema);
    }

    int parallelism = Math.min(engine.buildParallelism(), builds.size());
    ExecutorService executor = Executors.newFixedThreadPool(parallelism, r -> {
      Thread t = new Thread(r, "venv-build");
      t.setDaemon(true);
      return t;
    });
    try {
      runBatches(new BuildQueue(builds), parallelism, new ExecutorCompletionService<>(executor), run);
    } finally {
      executor.shutdownNow();
    }
    return Set.copyOf(run.made());
  }

  /** What every batch of one build needs. */
  private record Run(ModelRepository repository, ModelReferenceRewriter toPhysical, String environment, int total,
      AtomicInteger done, Set<PhysicalName> made) {
    Run(ModelRepository repository, ModelReferenceRewriter toPhysical, String environment, int total) {
      this(repository, toPhysical, environment, total, new AtomicInteger(),
          java.util.concurrent.ConcurrentHashMap.newKeySet());
    }
  }

  /**
   * Hands ready objects to the workers, a batch each, until all are built or one failed; after a
   * failure, waits for the batches running and throws it.
   */
  private void runBatches(BuildQueue queue, int parallelism, CompletionService<List<Snapshot>> workers, Run run)
      throws SQLException {
    int running = 0;
    SQLException failure = null;
    try {
      while (true) {
        while (failure == null && running < parallelism && queue.hasReady()) {
          List<Snapshot> batch = engine.transactionalDdl()
              ? queue.take(batchSize(queue.readyCount(), parallelism - running), MAX_BATCH, chainable(parallelism))
              : queue.take(1);
          workers.submit(() -> {
            buildBatch(batch, run);
            return batch;
          });
          running++;
        }
        if (running == 0) {
          break;
        }
        Future<List<Snapshot>> finished = workers.take();
        running--;
        try {
          queue.built(finished.get());
        } catch (ExecutionException e) {
          SQLException cause = e.getCause() instanceof SQLException sql ? sql
              : new SQLException("Build failed: " + e.getCause(), "58000", e.getCause());
          if (failure == null) {
            failure = cause;
          } else {
            failure.addSuppressed(cause);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("Interrupted while building environment " + run.environment(), "57014", e);
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Shares the ready objects among the idle workers. (One at a time where DDL is not
   * transactional: there a batch would only be a queue.)
   */
  private static int batchSize(int ready, int idleWorkers) {
    return Math.min(MAX_BATCH, (ready + idleWorkers - 1) / idleWorkers);
  }

  /**
   * What a batch (one transaction) may take after its parents in it, rather than in a batch after
   * its commit: a deep graph then costs a commit per thousand objects, not one per layer. Views
   * always (they cost about their commit); tables only where one batch runs at a time, since
   * elsewhere a table waiting for the next batch may go to another worker and run beside others.
   */
  private static Predicate<Snapshot> chainable(int parallelism) {
    return parallelism == 1 ? s -> true : s -> ModelKind.VIEW.name().equals(s.kind());
  }

  private void buildBatch(List<Snapshot> batch, Run run) throws SQLException {
    if (!engine.transactionalDdl()) {
      for (Snapshot snapshot : batch) {
        buildOne(snapshot, run);
      }
      return;
    }
    List<String> keys = batch.stream().map(s -> lockKey(s.physical())).toList();
    Map<Snapshot, Duration> took = new LinkedHashMap<>();
    try {
      engine.withBuildConnection(BUILD_LOCK_TIMEOUT, c -> engine.lock().withLocks(c, keys, BUILD_LOCK_TIMEOUT,
          conn -> Transactions.run(conn, tx -> createAndRecord(tx, batch, run, took))));
    } catch (SQLException e) {
      if ("55P03".equals(e.getSQLState()) || "57014".equals(e.getSQLState())) {
        throw e; // not had the locks, or interrupted: one by one would fare no better
      }
      // Rolled back: nothing of the batch exists. One by one, the failing model is the one named,
      // and an object a crash left under its final name is recognised.
      for (Snapshot snapshot : batch) {
        buildOne(snapshot, run);
      }
      return;
    }
    // what another environment built meanwhile was left as it was: not this build's to report
    for (Map.Entry<Snapshot, Duration> made : took.entrySet()) {
      run.made().add(made.getKey().physical());
      progress.built(made.getKey(), run.done().incrementAndGet(), run.total(), made.getValue());
    }
  }

  /**
   * In the batch's transaction, under its locks: creates what is not built yet (what another
   * environment built meanwhile is left as it is) and records it built; each object's time into
   * {@code took}.
   */
  private Void createAndRecord(Connection conn, List<Snapshot> batch, Run run, Map<Snapshot, Duration> took)
      throws SQLException {
    StateStore state = engine.stateStore(conn);
    Set<PhysicalName> built = state.built(batch.stream().map(Snapshot::physical).toList());
    List<PhysicalObject> made = new ArrayList<>();
    // Views a hundred per call (their DDL costs about the call), each given its share of the
    // calls' time; tables and seeds one each.
    DdlBatch views = engine.ddlBatch(conn);
    List<Snapshot> batchedViews = new ArrayList<>();
    long viewNanos = 0;
    for (Snapshot snapshot : batch) {
      if (built.contains(snapshot.physical())) {
        continue;
      }
      ModelDefinition model = run.repository().model(snapshot.model());
      if (model.kind() == ModelKind.VIEW) {
        long start = System.nanoTime();
        views.add(engine.createViewStatement(snapshot.physical(), run.toPhysical().rewrite(model.query())));
        batchedViews.add(snapshot);
        viewNanos += System.nanoTime() - start;
      } else {
        long flushing = System.nanoTime();
        views.flush(); // the table may read a view chained before it
        long start = System.nanoTime();
        viewNanos += start - flushing;
        create(conn, model, snapshot.physical(), run.toPhysical());
        took.put(snapshot, Duration.ofNanos(System.nanoTime() - start));
      }
      made.add(builtObject(snapshot, model));
    }
    long start = System.nanoTime();
    views.flush();
    viewNanos += System.nanoTime() - start;
    Duration each = Duration.ofNanos(viewNanos / Math.max(1, batchedViews.size()));
    batchedViews.forEach(view -> took.put(view, each));
    state.recordBuilt(made);
    return null;
  }

  private static String lockKey(PhysicalName target) {
    return "build:" + target;
  }

  private PhysicalObject builtObject(Snapshot snapshot, ModelDefinition model) {
    return new PhysicalObject(snapshot.physical(), snapshot.model(), snapshot.version(),
        model.kind() == ModelKind.VIEW ? "VIEW" : "TABLE", clock.instant());
  }

  /** Creates the model's object under {@code name}: its query's result, its view or its seed's rows. */
  private void create(Connection c, ModelDefinition model, PhysicalName name, ModelReferenceRewriter toPhysical)
      throws SQLException {
    switch (model.kind()) {
      case SEED -> engine.loadSeed(c, name, model.seed());
      case FULL -> engine.createTableAs(c, name, toPhysical.rewrite(model.query()));
      case VIEW -> engine.createView(c, name, toPhysical.rewrite(model.query()));
    }
  }

  private static String randomSuffix() {
    byte[] bytes = new byte[4];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Builds one object in transactions of its own, under a temporary name first. */
  private void buildOne(Snapshot snapshot, Run run) throws SQLException {
    long start = System.nanoTime();
    ModelDefinition model = run.repository().model(snapshot.model());
    PhysicalName target = snapshot.physical();
    boolean made;
    try {
      made = engine.withBuildConnection(BUILD_LOCK_TIMEOUT, c -> engine.lock().withLock(c, lockKey(target),
          BUILD_LOCK_TIMEOUT, conn -> {
            StateStore state = engine.stateStore(conn);
            if (!state.built(Set.of(target)).isEmpty()) {
              return false; // another environment built it meanwhile
            }
            // An object only ever gets its final name complete, so one found under it (a build killed
            // after its rename) needs marking, not building.
            if (!engine.exists(conn, target)) {
              PhysicalName temporary = new PhysicalName(target.schema(),
                  target.table() + BUILD_SUFFIX + randomSuffix());
              create(conn, model, temporary, run.toPhysical());
              engine.rename(conn, temporary, target.table(), model.kind() == ModelKind.VIEW);
            }
            state.write(tx -> {
              tx.markBuilt(builtObject(snapshot, model));
              return null;
            });
            return true;
          }));
    } catch (SQLException e) {
      // The backend's message names the physical (or temporary) object; say which model it is.
      SQLException failure = new SQLException("Building model " + snapshot.model() + " (" + model.relativePath()
          + ") for environment " + run.environment() + " failed (its physical object is " + target + "): "
          + e.getMessage(), dev.venv.engine.BackendErrors.sqlState(e), e);
      for (Throwable suppressed : e.getSuppressed()) {
        failure.addSuppressed(suppressed);
      }
      throw failure;
    }
    if (made) {
      run.made().add(target);
      progress.built(snapshot, run.done().incrementAndGet(), run.total(), Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
