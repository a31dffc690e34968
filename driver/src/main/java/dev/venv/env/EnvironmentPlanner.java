package dev.venv.env;

import dev.venv.model.ModelDefinition;
import dev.venv.model.ModelFingerprint;
import dev.venv.model.ModelRepository;
import dev.venv.state.Environment;
import dev.venv.state.PhysicalName;
import dev.venv.state.Snapshot;
import dev.venv.state.SnapshotId;
import dev.venv.state.StateStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares a repository with the state: which snapshot each model gets (reused by fingerprint
 * from any environment, else new), how it differs from the baseline, and which physical objects
 * no built snapshot has yet. Reads state only.
 */
public final class EnvironmentPlanner {
  private final StateStore store;
  private final KnownSnapshots known;
  private final Clock clock;

  EnvironmentPlanner(StateStore store, KnownSnapshots known, Clock clock) {
    this.store = store;
    this.known = known;
    this.clock = clock;
  }

  /**
   * Plans {@code environment} from {@code repository}.
   *
   * @param source the environment a new one starts from; it must exist unless it is prod
   */
  public Plan plan(ModelRepository repository, String environment, String source) throws SQLException {
    return plan(repository, environment, source, BreakingOverrides.NONE);
  }

  /**
   * Plans {@code environment} from {@code repository}, treating the direct changes
   * {@code overrides} names as breaking.
   *
   * @param source the environment a new one starts from; it must exist unless it is prod
   */
  public Plan plan(ModelRepository repository, String environment, String source, BreakingOverrides overrides)
      throws SQLException {
    Optional<Environment> current = store.environment(environment);
    Optional<Environment> baseline = current;
    if (baseline.isEmpty() && !source.equals(environment)) {
      baseline = store.environment(source);
      if (baseline.isEmpty() && !source.equals(Environment.PROD)) {
        throw new SQLException("Source environment '" + source + "' does not exist (planning '" + environment + "')",
            "42704");
      }
    }
    Map<String, String> before = baseline.map(Environment::snapshots).orElse(Map.of());
    Map<String, ModelFingerprint> fingerprints = repository.fingerprints();

    // A snapshot is (model, fingerprint): a model never reuses another model's snapshot, even at
    // one fingerprint (two models with one query).
    Set<SnapshotId> wanted = new HashSet<>(baseline.map(Environment::snapshotIds).orElse(List.of()));
    fingerprints.forEach((model, f) -> wanted.add(new SnapshotId(model, f.fingerprint())));
    Map<SnapshotId, Snapshot> known = new HashMap<>(this.known.snapshots(store, wanted));

    Map<String, Snapshot> previous = new HashMap<>();
    before.forEach((model, fingerprint) -> {
      Snapshot was = known.get(new SnapshotId(model, fingerprint));
      if (was != null) {
        previous.put(model, was);
      }
    });
    Versioning versioning = new Versioning(repository, previous, overrides);
    List<String> order = repository.graph().dependencyOrder();
    Map<String, ModelFingerprint> chosen = new LinkedHashMap<>();
    List<SnapshotId> inherited = new ArrayList<>();
    for (String name : order) {
      ModelFingerprint fp = versioning.decide(name);
      chosen.put(name, fp);
      if (!fp.fingerprint().equals(fingerprints.get(name).fingerprint())) {
        inherited.add(new SnapshotId(name, fp.fingerprint()));
      }
    }
    if (!inherited.isEmpty()) {
      known.putAll(this.known.snapshots(store, inherited));
    }

    Instant now = clock.instant();
    Map<String, Snapshot> snapshots = new LinkedHashMap<>();
    List<Snapshot> newSnapshots = new ArrayList<>();
    for (String name : order) {
      ModelFingerprint fp = chosen.get(name);
      Snapshot snapshot = known.get(new SnapshotId(name, fp.fingerprint()));
      if (snapshot == null) {
        snapshot = newSnapshot(repository, repository.model(name), fp, now);
        newSnapshots.add(snapshot);
      }
      snapshots.put(name, snapshot);
    }

    Set<PhysicalName> built = store.built(snapshots.values().stream().map(Snapshot::physical).toList());
    List<Snapshot> builds = snapshots.values().stream().filter(s -> !built.contains(s.physical())).toList();
    List<ModelChange> changes = changes(snapshots, before, known, built, versioning.reasons());
    return new Plan(environment, source, baseline, current, changes, snapshots, newSnapshots, builds);
  }

  /**
   * {@code environment} as it is, compared with {@code source} model by model the way
   * {@link #plan} compares a repository with its baseline: what creating it from the source made
   * of each model. Builds nothing.
   *
   * @throws SQLException {@code 42704} when {@code environment} does not exist, or {@code source}
   *                      does not and is not prod (a missing prod compares with nothing)
   */
  public Plan compare(String environment, String source) throws SQLException {
    Environment held = store.environment(environment).orElseThrow(() -> new SQLException(
        "Environment '" + environment + "' does not exist", "42704"));
    Optional<Environment> baseline = store.environment(source);
    if (baseline.isEmpty() && !source.equals(Environment.PROD)) {
      throw new SQLException("Source environment '" + source + "' does not exist (comparing '" + environment + "')",
          "42704");
    }
    return heldAgainst(store, held, baseline, environment, source, Optional.of(held));
  }

  /**
   * A plan that builds nothing: each model of {@code held}, a finalized environment (so every
   * physical object it reads is built), against {@code baseline}'s snapshot of it. A promotion is
   * one ({@code held} the source, the target the baseline); so is {@link #compare}.
   */
  static Plan heldAgainst(StateStore store, Environment held, Optional<Environment> baseline, String environment,
      String source, Optional<Environment> current) throws SQLException {
    Map<String, String> before = baseline.map(Environment::snapshots).orElse(Map.of());
    Set<SnapshotId> ids = new HashSet<>(held.snapshotIds());
    baseline.ifPresent(b -> ids.addAll(b.snapshotIds()));
    Map<SnapshotId, Snapshot> known = store.snapshots(ids);

    Map<String, Snapshot> snapshots = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : new TreeMap<>(held.snapshots()).entrySet()) {
      SnapshotId id = new SnapshotId(e.getKey(), e.getValue());
      Snapshot snapshot = known.get(id);
      if (snapshot == null) {
        throw new SQLException("Environment '" + held.name() + "' holds model " + id.model() + " at a snapshot the"
            + " state does not hold (" + id.fingerprint() + ")", "XX001");
      }
      snapshots.put(id.model(), snapshot);
    }
    Set<PhysicalName> built = new HashSet<>();
    snapshots.values().forEach(s -> built.add(s.physical()));
    List<ModelChange> changes = changes(snapshots, before, known, built, Map.of());
    return new Plan(environment, source, baseline, current, changes, snapshots, List.of(), List.of());
  }

  /**
   * How each model of {@code after} (and each model only {@code before} has) differs, sorted by
   * model; a model whose physical object is not in {@code built} is to be built.
   *
   * @param before model → fingerprint of the baseline
   * @param known  the snapshots of both sides
   */
  static List<ModelChange> changes(Map<String, Snapshot> after, Map<String, String> before,
      Map<SnapshotId, Snapshot> known, Set<PhysicalName> built, Map<String, ChangeReason> reasons) {
    List<ModelChange> changes = new ArrayList<>();
    after.forEach((name, snapshot) -> {
      String previous = before.get(name);
      Snapshot was = previous == null ? null : known.get(new SnapshotId(name, previous));
      changes.add(new ModelChange(name, category(snapshot, was), snapshot.fingerprint(), previous,
          snapshot.physical(), was == null ? null : was.physical(), !built.contains(snapshot.physical()),
          reasons.get(name)));
    });
    for (String name : new TreeSet<>(before.keySet())) {
      if (!after.containsKey(name)) {
        Snapshot was = known.get(new SnapshotId(name, before.get(name)));
        changes.add(new ModelChange(name, ChangeCategory.REMOVED, null, before.get(name), null,
            was == null ? null : was.physical(), false, null));
      }
    }
    changes.sort((a, b) -> a.model().compareTo(b.model()));
    return changes;
  }

  private static ChangeCategory category(Snapshot now, Snapshot before) {
    if (before == null) {
      return ChangeCategory.ADDED;
    }
    if (before.fingerprint().equals(now.fingerprint())) {
      return ChangeCategory.UNCHANGED;
    }
    if (before.dataFingerprint().equals(now.dataFingerprint())) {
      return ChangeCategory.METADATA_ONLY;
    }
    return before.definitionFingerprint().equals(now.definitionFingerprint())
        ? ChangeCategory.INDIRECTLY_MODIFIED : ChangeCategory.DIRECTLY_MODIFIED;
  }

  /**
   * A query model's query; for a seed, its CSV's profile, so a later change of the CSV can be
   * compared column by column (an unreadable CSV records nothing: any change of it is breaking).
   */
  static String recordedQuery(ModelDefinition model, dev.venv.sql.SqlDialect dialect) {
    if (model.kind() != dev.venv.model.ModelKind.SEED) {
      return model.query();
    }
    try {
      // as the backend loads it: DuckDB's read_csv sniffs delimiter, skipped lines and types
      return (dialect == dev.venv.sql.SqlDialect.DUCKDB
          ? dev.venv.analysis.SeedProfile.readAsDuckDb(model.seed(), model.columns())
          : dev.venv.analysis.SeedProfile.read(model.seed(), model.columns())).text();
    } catch (java.io.IOException | RuntimeException | LinkageError e) {
      return model.query(); // DuckDB's driver missing too: any change of the seed is then breaking
    }
  }

  private static Snapshot newSnapshot(ModelRepository repository, ModelDefinition model, ModelFingerprint fp,
      Instant now) {
    return new Snapshot(
        model.name(), fp.fingerprint(), fp.data(), fp.metadata(), fp.definition(), fp.version(),
        model.kind().name(), PhysicalName.of(model.schema(), model.table(), fp.version()), recordedQuery(model, repository.dialect()),
        repository.graph().parents(model.name()), model.relativePath(), model.metadata(), now);
  }
}
