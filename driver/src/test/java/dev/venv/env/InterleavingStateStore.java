package dev.venv.env;

import dev.venv.state.Environment;
import dev.venv.state.PhysicalName;
import dev.venv.state.PhysicalObject;
import dev.venv.state.RoutingState;
import dev.venv.state.Snapshot;
import dev.venv.state.SnapshotId;
import dev.venv.state.StateLock;
import dev.venv.state.StateStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A store that lets another actor in right after a listing read returns, once: the interleaving of
 * two processes (a janitor that has listed what to remove, and a connect or a create that changes
 * it), made deterministic without sleeps.
 */
final class InterleavingStateStore implements StateStore {

  /** What the other actor does; it uses a store of its own. */
  @FunctionalInterface
  interface Actor {
    void run() throws Exception;
  }

  private final StateStore store;
  private Actor afterEnvironments;
  private Actor afterPhysicalObjects;

  InterleavingStateStore(StateStore store) {
    this.store = store;
  }

  /** Runs {@code actor} once, after the next {@link #environments()} has read its answer. */
  InterleavingStateStore afterEnvironments(Actor actor) {
    this.afterEnvironments = actor;
    return this;
  }

  /** Runs {@code actor} once, after the next {@link #physicalObjects()} has read its answer. */
  InterleavingStateStore afterPhysicalObjects(Actor actor) {
    this.afterPhysicalObjects = actor;
    return this;
  }

  @Override
  public List<Environment> environments() throws SQLException {
    List<Environment> result = store.environments();
    afterEnvironments = runOnce(afterEnvironments);
    return result;
  }

  @Override
  public List<PhysicalObject> physicalObjects() throws SQLException {
    List<PhysicalObject> result = store.physicalObjects();
    afterPhysicalObjects = runOnce(afterPhysicalObjects);
    return result;
  }

  private static Actor runOnce(Actor actor) throws SQLException {
    if (actor != null) {
      try {
        actor.run();
      } catch (SQLException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return null;
  }

  @Override
  public int migrate() throws SQLException {
    return store.migrate();
  }

  @Override
  public long stateVersion() throws SQLException {
    return store.stateVersion();
  }

  @Override
  public Optional<Environment> environment(String name) throws SQLException {
    return store.environment(name);
  }

  @Override
  public Optional<RoutingState> routingState(String environment) throws SQLException {
    return store.routingState(environment);
  }

  @Override
  public Map<SnapshotId, Snapshot> snapshots(Collection<SnapshotId> ids) throws SQLException {
    return store.snapshots(ids);
  }

  @Override
  public Set<PhysicalName> built(Collection<PhysicalName> names) throws SQLException {
    return store.built(names);
  }

  @Override
  public void recordViewIntent(String environment, java.util.Collection<String> models) throws SQLException {
    store.recordViewIntent(environment, models);
  }

  @Override
  public Map<String, Set<String>> viewIntents() throws SQLException {
    return store.viewIntents();
  }

  @Override
  public void forgetViewIntents(String environment) throws SQLException {
    store.forgetViewIntents(environment);
  }

  @Override
  public boolean touch(String environment, Instant now) throws SQLException {
    return store.touch(environment, now);
  }

  @Override
  public void recordBuilt(java.util.Collection<PhysicalObject> objects) throws SQLException {
    store.recordBuilt(objects);
  }

  @Override
  public Set<String> modelNames() throws SQLException {
    return store.modelNames();
  }

  @Override
  public int schemaVersion() throws SQLException {
    return store.schemaVersion();
  }

  @Override
  public void claimBackend(String backend, boolean record) throws SQLException {
    store.claimBackend(backend, record);
  }

  @Override
  public StateLock lock() {
    return store.lock();
  }

  @Override
  public <T> T write(StateWork<T> work) throws SQLException {
    return store.write(work);
  }
}
