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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Removes what no environment needs any more, in three passes: expired environments (their views
 * and records), then physical objects no environment holds, then build debris and objects in
 * venv's schemas that no snapshot knows.
 *
 * <p>Unlike a janitor that stops at the first failure, it goes on past each one and reports it;
 * running it again retries what failed and changes nothing else. Objects built within the grace
 * period are kept (an environment being created may be about to hold them) unless the caller
 * ignores it.
 */
public final class Janitor {
  /** Objects younger than this are kept: a plan being applied may hold them in a moment. */
  public static final Duration GRACE_PERIOD = Duration.ofHours(1);

  /** One thing the janitor removed, would remove, or failed to remove. */
  public record Action(String kind, String object, String error) {}

  /** Everything a run did; {@link #failed()} tells whether the command should exit 1. */
  public record Report(boolean dryRun, List<Action> removed, List<Action> failed) {}

  private final Engine engine;
  private final StateStore store;

  Janitor(Engine engine, StateStore store) {
    this.engine = engine;
    this.store = store;
  }

  /**
   * Runs the three passes.
   *
   * @param dryRun    report what would be removed, remove nothing
   * @param ignoreTtl remove unheld physical objects however recently they were built (no grace
   *                  period); environments are still removed only once expired
   */
  public Report run(boolean dryRun, boolean ignoreTtl) throws SQLException {
    List<Action> removed = new ArrayList<>();
    List<Action> failed = new ArrayList<>();
    Instant now = Instant.now();
    Set<String> dropped = dropExpiredEnvironments(now, dryRun, removed, failed);
    // a dry run keeps the expired environments, but reports as if they were gone
    Set<PhysicalName> held = held(dropped);
    dropUnheldObjects(held, ignoreTtl ? now : now.minus(GRACE_PERIOD), dryRun, removed, failed);
    dropDebris(held, dryRun, removed, failed);
    if (!dryRun) {
      store.write(tx -> tx.forgetUnheldSnapshots());
    }
    return new Report(dryRun, removed, failed);
  }

  /** Returns the environments removed (or, in a dry run, that would be). */
  private Set<String> dropExpiredEnvironments(Instant now, boolean dryRun, List<Action> removed, List<Action> failed)
      throws SQLException {
    Set<String> dropped = new HashSet<>();
    for (Environment env : store.environments()) {
      if (env.isProd() || env.expiresAt() == null || env.expiresAt().isAfter(now)) {
        continue;
      }
      try {
        if (!dryRun) {
          store.write(tx -> {
            dropViews(tx.connection(), env);
            tx.deleteEnvironment(env.name(), env.planId());
            return null;
          });
        }
        removed.add(new Action("environment", env.name(), null));
        dropped.add(env.name());
      } catch (SQLException e) {
        failed.add(new Action("environment", env.name(), e.getMessage()));
      }
    }
    return dropped;
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

  private void dropUnheldObjects(Set<PhysicalName> held, Instant builtBefore, boolean dryRun, List<Action> removed,
      List<Action> failed) throws SQLException {
    List<PhysicalObject> candidates = new ArrayList<>();
    for (PhysicalObject object : store.physicalObjects()) {
      if (!held.contains(object.name()) && object.builtAt().isBefore(builtBefore)) {
        candidates.add(object);
      }
    }
    // A physical view reads its parents' objects: a drop that fails for a dependent is retried
    // after the others, so the order of the list does not matter.
    List<PhysicalObject> pending = candidates;
    Map<PhysicalObject, String> errors = new java.util.LinkedHashMap<>();
    while (!pending.isEmpty()) {
      List<PhysicalObject> retry = new ArrayList<>();
      for (PhysicalObject object : pending) {
        try {
          if (!dryRun) {
            store.write(tx -> {
              engine.drop(tx.connection(), object.name(), "VIEW".equals(object.type()));
              tx.forgetPhysicalObject(object.name());
              return null;
            });
          }
          removed.add(new Action("physical " + object.type().toLowerCase(), object.name().toString(), null));
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
    errors.forEach((object, error) ->
        failed.add(new Action("physical " + object.type().toLowerCase(), object.name().toString(), error)));
  }

  /** Objects in venv's physical schemas that no built object record names: killed builds, lost renames. */
  private void dropDebris(Set<PhysicalName> held, boolean dryRun, List<Action> removed, List<Action> failed)
      throws SQLException {
    Set<PhysicalName> known = new HashSet<>();
    store.physicalObjects().forEach(o -> known.add(o.name()));
    Map<PhysicalName, String> objects;
    try (Connection c = engine.open()) {
      objects = engine.objects(c, engine.physicalSchemas(c));
    }
    List<Map.Entry<PhysicalName, String>> sorted = new ArrayList<>(objects.entrySet());
    sorted.sort(Map.Entry.comparingByKey(java.util.Comparator.comparing(PhysicalName::toString)));
    for (Map.Entry<PhysicalName, String> e : sorted) {
      PhysicalName name = e.getKey();
      if (known.contains(name) || held.contains(name)) {
        continue;
      }
      boolean view = "VIEW".equals(e.getValue());
      String finalName = finalName(name);
      try (Connection c = engine.open()) {
        // A build in progress holds the lock of its object: debris is what no build holds.
        engine.lock().withLock(c, "build:" + new PhysicalName(name.schema(), finalName), Duration.ZERO, conn -> {
          if (!dryRun) {
            engine.drop(conn, name, view);
          }
          return null;
        });
        removed.add(new Action("debris " + (view ? "view" : "table"), name.toString(), null));
      } catch (SQLException ex) {
        if (!"55P03".equals(ex.getSQLState())) { // 55P03: a build holds it: not debris, not a failure
          failed.add(new Action("debris " + (view ? "view" : "table"), name.toString(), ex.getMessage()));
        }
      }
    }
  }

  private static String finalName(PhysicalName name) {
    int build = name.table().lastIndexOf(EnvironmentBuilder.BUILD_SUFFIX);
    return build < 0 ? name.table() : name.table().substring(0, build);
  }

  /** The physical objects the current plans of the environments (but {@code gone}) read. */
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
