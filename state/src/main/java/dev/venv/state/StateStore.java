package dev.venv.state;

import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Snapshots, physical objects and environments, kept in schema {@code venv_state} of a database.
 *
 * <p>Reads see committed state only. Every change runs through {@link #write}: one transaction,
 * under the store's lock, that also bumps the {@linkplain #stateVersion() state version} so caches
 * of environments can tell they are stale.
 */
public interface StateStore {

  /** A store over JDBC connections; {@code lock} serializes its writers. */
  static StateStore jdbc(ConnectionSource connections, StateLock lock) {
    return new JdbcStateStore(connections, lock);
  }

  /** Creates or upgrades the state schema; returns its version. Safe to call on every start. */
  int migrate() throws SQLException;

  /**
   * The state schema's version in the database, 0 when it has none, read without writing
   * anything: a read-only connection checks the state with it instead of migrating.
   */
  int schemaVersion() throws SQLException;

  /** The newest state schema version this code knows. */
  static int latestSchemaVersion() {
    return Migrations.latest();
  }

  /** A counter bumped by every committed write. */
  long stateVersion() throws SQLException;

  /** The finalized environment of that name. */
  Optional<Environment> environment(String name) throws SQLException;

  /**
   * The environment and what routing needs besides, in one consistent read (one transaction): a
   * concurrent write is seen whole or not at all, so the result never pairs an environment with
   * another plan's snapshots. Empty when the environment does not exist.
   */
  Optional<RoutingState> routingState(String environment) throws SQLException;

  /** Every model name any environment or recorded snapshot has: their schemas are venv's. */
  Set<String> modelNames() throws SQLException;

  /** Every finalized environment, by name. */
  List<Environment> environments() throws SQLException;

  /**
   * The recorded snapshots among {@code ids}, by id. A snapshot is (model, fingerprint): two models
   * with one query are two snapshots, each with its own physical object.
   */
  Map<SnapshotId, Snapshot> snapshots(Collection<SnapshotId> ids) throws SQLException;

  /** Which of the given physical objects are built. */
  Set<PhysicalName> built(Collection<PhysicalName> names) throws SQLException;

  /** Every built physical object, by name. */
  List<PhysicalObject> physicalObjects() throws SQLException;

  /**
   * Records, committed at once on a connection of its own, that the views of these models in
   * {@code environment} are about to change: where views do not commit with the state, a record
   * left behind tells that they may not match it ({@link #viewIntents()}). Call it under the state
   * lock (inside {@link #write}), which whoever repairs views holds too, so no repair runs between
   * this and the state's commit. Recording a model again is no error.
   */
  void recordViewIntent(String environment, Collection<String> models) throws SQLException;

  /** The views recorded by {@link #recordViewIntent} and not forgotten: environment → models. */
  Map<String, Set<String>> viewIntents() throws SQLException;

  /** Forgets the environment's recorded views (its views match the state), committed at once. */
  void forgetViewIntents(String environment) throws SQLException;

  /**
   * Records a use of the environment (a connect): last use is now, and a non-prod environment's
   * expiry moves to now + its ttl. Not a versioned write: routing does not depend on it, so it
   * leaves caches of environments valid.
   *
   * <p>A role that may read the state but not write it (a client connecting without the owner's
   * credentials, where venv's objects belong to another role) cannot record its use; that is not
   * an error, since the connection needs nothing written.
   *
   * @return {@code false} when the environment is not in the state (dropped, or never made); a
   *         role that may not write the state gets {@code true}, nothing recorded
   */
  boolean touch(String environment, java.time.Instant now) throws SQLException;

  /**
   * Records objects as built in the current transaction of the store's connection (a borrowed one,
   * its auto-commit off), so they commit or roll back with the DDL that built them. Not a versioned
   * write and not under the state lock: the caller holds each object's build lock and knows none
   * of them is recorded yet, and nothing a state version guards (routes, model names) depends on
   * what is built.
   */
  void recordBuilt(Collection<PhysicalObject> objects) throws SQLException;

  /**
   * Makes this state the state of {@code backend} (a warehouse's stable identity), or checks that it
   * is: a state kept in a database of its own serves one backend. The first caller records it.
   *
   * @param record whether a state that names no backend yet may be claimed (not when read-only)
   * @throws StateException SQLState {@code 55000} when the state belongs to another backend
   */
  void claimBackend(String backend, boolean record) throws SQLException;

  /** The lock that serializes this store's writers; also lends itself to environment and build locks. */
  StateLock lock();

  /** Runs {@code work} in one transaction under the state lock; rolls back if it throws. */
  <T> T write(StateWork<T> work) throws SQLException;

  /** A state change, with the transaction it runs in. */
  @FunctionalInterface
  interface StateWork<T> {
    T run(StateTransaction transaction) throws SQLException;
  }
}
