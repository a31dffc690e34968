package dev.venv.env;

import dev.venv.engine.Engine;
import dev.venv.state.Environment;
import dev.venv.state.PhysicalName;
import dev.venv.state.PhysicalObject;
import dev.venv.state.Snapshot;
import dev.venv.state.SnapshotId;
import dev.venv.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes what no environment needs any more, in three passes: expired environments (their views
 * and records), then physical objects no environment holds, then build debris and objects in
 * venv's schemas that no snapshot knows. Before them, where views do not commit with the state, it
 * repairs the views a create or promotion that died left out of line with the state ({@link
 * ViewRepair}).
 *
 * <p>Unlike a janitor that stops at the first failure, it goes on past each one and reports it;
 * running it again retries what failed and changes nothing else. Objects built within the grace
 * period are kept (an environment being created may be about to hold them) unless the caller
 * ignores it.
 */
public final class Janitor {
  /** Objects younger than this are kept: a plan being applied may hold them in a moment. */
  public static final Duration GRACE_PERIOD = Duration.ofHours(1);

  /**
   * One thing the janitor removed, would remove, or failed to remove.
   *
   * @param kind   {@code environment}, {@code physical table}, {@code debris view}, ...
   * @param object the environment's name, or the object's schema-qualified physical name
   * @param model  the model a physical object or debris belongs to, when it can be told; else {@code null}
   * @param error  why it failed; {@code null} for one removed
   */
  public record Action(String kind, String object, String model, String error) {}

  /**
   * Everything a run did; {@link #failed()} tells whether the command should exit 1. {@code
   * repaired}: environments whose views were made to match the state again (kind {@code views},
   * object the environment).
   */
  public record Report(boolean dryRun, List<Action> removed, List<Action> failed, List<Action> repaired) {}

  private final Engine engine;
  private final StateStore store;
  private final Clock clock;

  Janitor(Engine engine, StateStore store, Clock clock) {
    this.engine = engine;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Runs the three passes.
   *
   * <p>What to remove is listed first, outside any transaction; each removal then decides again
   * inside the state transaction that removes it (under the state lock every writer takes), so an
   * environment used or updated, or an object an environment came to hold, after the listing stays.
   *
   * @param dryRun    report what would be removed, remove nothing
   * @param ignoreTtl remove unheld physical objects however recently they were built (no grace
   *                  period); environments are still removed only once expired
   */
  public Report run(boolean dryRun, boolean ignoreTtl) throws SQLException {
    List<Action> removed = new ArrayList<>();
    List<Action> failed = new ArrayList<>();
    List<Action> repaired = repairViews(dryRun, failed);
    Instant now = clock.instant();
    Set<String> gone = removeExpiredEnvironments(now, dryRun, removed, failed);
    removeUnheldObjects(gone, ignoreTtl ? now : now.minus(GRACE_PERIOD), dryRun, removed, failed);
    removeDebris(dryRun, removed, failed);
    if (!dryRun) {
      store.write(tx -> tx.forgetUnheldSnapshots());
    }
    return new Report(dryRun, removed, failed, repaired);
  }

  /** Repairs, each under the state lock, the views that a create or promotion recorded and left. */
  private List<Action> repairViews(boolean dryRun, List<Action> failed) throws SQLException {
    List<Action> repaired = new ArrayList<>();
    ViewRepair repair = new ViewRepair(engine);
    for (Map.Entry<String, Set<String>> recorded : repair.recorded().entrySet()) {
      String env = recorded.getKey();
      try {
        if (!dryRun) {
          store.write(tx -> {
            try (Connection ddl = engine.ddlConnectionFor(tx.connection())) {
              return repair.repair(ddl, env, recorded.getValue(), true);
            }
          });
          repair.forget(env);
        }
        repaired.add(new Action("views", env, null, null));
      } catch (SQLException e) {
        failed.add(new Action("views", env, null, e.getMessage()));
      }
    }
    return repaired;
  }

  /** Returns the environments removed (or, in a dry run, that would be). */
  private Set<String> removeExpiredEnvironments(Instant now, boolean dryRun, List<Action> removed,
      List<Action> failed) throws SQLException {
    Set<String> gone = new HashSet<>();
    ViewRepair viewRepair = new ViewRepair(engine);
    for (Environment listed : store.environments()) {
      if (!expired(listed, now)) {
        continue;
      }
      try {
        boolean removedIt = dryRun || store.write(tx -> {
          // Compare-and-delete: a connect may have used it, or a create updated it, since the listing.
          Optional<Environment> current = tx.environment(listed.name());
          if (current.isEmpty() || !current.get().planId().equals(listed.planId()) || !expired(current.get(), now)) {
            return false;
          }
          // where views commit on their own, a janitor that dies here leaves the record to repair them
          viewRepair.recordBefore(listed.name(), current.get().snapshots().keySet());
          try (Connection ddl = engine.ddlConnectionFor(tx.connection())) {
            dropViews(ddl, current.get());
          }
          return tx.deleteEnvironment(listed.name(), listed.planId());
        });
        if (removedIt && !dryRun) {
          viewRepair.forget(listed.name());
        }
        if (removedIt) {
          removed.add(new Action("environment", listed.name(), null, null));
          gone.add(listed.name());
        }
      } catch (SQLException e) {
        failed.add(new Action("environment", listed.name(), null, e.getMessage()));
      }
    }
    return gone;
  }

  private static boolean expired(Environment env, Instant now) {
    return !env.isProd() && env.expiresAt() != null && !env.expiresAt().isAfter(now);
  }

  /** Drops the environment's views (only those venv made: one per model it holds), then its empty view schemas. */
  private void dropViews(Connection c, Environment env) throws SQLException {
    Set<String> schemas = new TreeSet<>();
    for (String model : env.snapshots().keySet()) {
      PhysicalName view = Environment.view(model, env.name());
      schemas.add(view.schema());
      engine.dropView(c, view);
    }
    Map<PhysicalName, String> left = engine.objects(c, schemas);
    for (String schema : schemas) {
      if (left.keySet().stream().noneMatch(n -> n.schema().equals(schema))) {
        engine.dropSchema(c, schema);
      }
    }
  }

  /**
   * Drops the physical objects no environment holds, built before {@code builtBefore}.
   *
   * @param gone environments a dry run reports as removed, though they are still there
   */
  private void removeUnheldObjects(Set<String> gone, Instant builtBefore, boolean dryRun, List<Action> removed,
      List<Action> failed) throws SQLException {
    // A first guess from one read; each drop decides again in its own transaction.
    Set<PhysicalName> held = held(gone);
    List<PhysicalObject> candidates = new ArrayList<>();
    for (PhysicalObject object : store.physicalObjects()) {
      if (!held.contains(object.name()) && object.builtAt().isBefore(builtBefore)) {
        candidates.add(object);
      }
    }
    // A physical view reads its parents' objects: a drop that fails for a dependent is retried
    // after the others, so the order of the list does not matter.
    List<PhysicalObject> pending = candidates;
    Map<PhysicalObject, String> errors = new LinkedHashMap<>();
    while (!pending.isEmpty()) {
      List<PhysicalObject> retry = new ArrayList<>();
      for (PhysicalObject object : pending) {
        try {
          if (dryRun || dropIfUnheld(object.name(), builtBefore)) {
            removed.add(new Action("physical " + object.type().toLowerCase(Locale.ROOT), object.name().toString(),
                object.model(), null));
          }
          errors.remove(object);
        } catch (SQLException e) {
          errors.put(object, e.getMessage());
          retry.add(object);
        }
      }
      if (retry.size() == pending.size()) {
        break; // no progress: what is left fails for its own reasons
      }
      pending = retry;
    }
    errors.forEach((object, error) -> failed.add(
        new Action("physical " + object.type().toLowerCase(Locale.ROOT), object.name().toString(), object.model(),
            error)));
  }

  /**
   * Drops the object if, now, under the state lock, it is still recorded, still old enough, and no
   * environment holds it: an environment finalized since the listing may hold it, and a create may
   * have rebuilt it. A create finalizes under the same lock and checks that what it reads is built.
   */
  private boolean dropIfUnheld(PhysicalName name, Instant builtBefore) throws SQLException {
    return store.write(tx -> {
      Optional<PhysicalObject> current = tx.physicalObject(name);
      if (current.isEmpty() || !current.get().builtAt().isBefore(builtBefore) || !tx.holders(name).isEmpty()) {
        return false;
      }
      try (Connection ddl = engine.ddlConnectionFor(tx.connection())) {
        engine.drop(ddl, name, "VIEW".equals(current.get().type()));
      }
      tx.forgetPhysicalObject(name);
      return true;
    });
  }

  /** Objects in venv's physical schemas that no built object record names: killed builds, lost renames. */
  private void removeDebris(boolean dryRun, List<Action> removed, List<Action> failed) throws SQLException {
    Set<PhysicalName> known = new HashSet<>();
    store.physicalObjects().forEach(o -> known.add(o.name()));
    Map<PhysicalName, String> objects;
    try (Connection c = engine.open()) {
      objects = engine.objects(c, engine.physicalSchemas(c));
    }
    List<Map.Entry<PhysicalName, String>> sorted = new ArrayList<>(objects.entrySet());
    sorted.sort(Map.Entry.comparingByKey(Comparator.comparing(PhysicalName::toString)));
    for (Map.Entry<PhysicalName, String> e : sorted) {
      PhysicalName name = e.getKey();
      if (known.contains(name)) {
        continue;
      }
      boolean view = "VIEW".equals(e.getValue());
      String kind = "debris " + (view ? "view" : "table");
      try (Connection c = engine.openWork()) {
        // A build in progress holds the lock of its object: debris is what no build holds. Under
        // that lock, a build that finished since the listing has marked its object built.
        boolean dropped = engine.lock().withLock(c, "build:" + new PhysicalName(name.schema(), finalName(name)),
            Duration.ZERO, conn -> {
              if (!engine.stateStore(conn).built(Set.of(name)).isEmpty()) {
                return false;
              }
              if (!dryRun) {
                engine.drop(conn, name, view);
              }
              return true;
            });
        if (dropped) {
          removed.add(new Action(kind, name.toString(), modelOf(name), null));
        }
      } catch (SQLException ex) {
        if (!"55P03".equals(ex.getSQLState())) { // 55P03: a build holds it: not debris, not a failure
          failed.add(new Action(kind, name.toString(), modelOf(name), ex.getMessage()));
        }
      }
    }
  }

  /**
   * The model of an object found in a physical schema, from its name
   * ({@code venv__<s>.<s>__<t>__<version>[__build_<hex>]}); {@code null} for a name venv does not make.
   */
  static String modelOf(PhysicalName name) {
    if (!name.schema().startsWith(PhysicalName.SCHEMA_PREFIX)) {
      return null;
    }
    String schema = name.schema().substring(PhysicalName.SCHEMA_PREFIX.length());
    String table = finalName(name);
    if (!table.startsWith(schema + "__")) {
      return null;
    }
    Matcher m = VERSIONED_TABLE.matcher(table.substring(schema.length() + 2));
    return m.matches() ? schema + "." + m.group(1) : null;
  }

  private static final Pattern VERSIONED_TABLE = Pattern.compile("(.+)__[0-9a-f]{16}");

  private static String finalName(PhysicalName name) {
    int build = name.table().lastIndexOf(EnvironmentBuilder.BUILD_SUFFIX);
    return build < 0 ? name.table() : name.table().substring(0, build);
  }

  /** The physical objects the current plans of the environments (but {@code gone}) read, as of now. */
  private Set<PhysicalName> held(Set<String> gone) throws SQLException {
    Set<SnapshotId> ids = new HashSet<>();
    for (Environment env : store.environments()) {
      if (!gone.contains(env.name())) {
        ids.addAll(env.snapshotIds());
      }
    }
    Set<PhysicalName> held = new HashSet<>();
    for (Snapshot s : store.snapshots(ids).values()) {
      held.add(s.physical());
    }
    return held;
  }
}
