package dev.venv.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The writes of one state transaction, and the reads a write must decide on. {@link #connection()}
 * is the transaction's connection, so DDL in the same database (the virtual layer's views, the
 * janitor's drops) commits or rolls back with the state.
 *
 * <p>The transaction runs under the state lock, which every writer takes: what it reads here stays
 * true until it commits. A decision read outside (before) the transaction is a guess to check here.
 */
public interface StateTransaction {

  Connection connection();

  /** The environment as it is now. */
  Optional<Environment> environment(String name) throws SQLException;

  /** The built physical object of that name, as recorded now. */
  Optional<PhysicalObject> physicalObject(PhysicalName name) throws SQLException;

  /** Which of the given physical objects are recorded as built now. */
  Set<PhysicalName> built(Collection<PhysicalName> names) throws SQLException;

  /** The environments whose current plan holds a snapshot on the physical object, sorted. */
  Set<String> holders(PhysicalName name) throws SQLException;

  /** Records snapshots not yet known; known ones are left as they are (snapshots are immutable). */
  void saveSnapshots(Collection<Snapshot> snapshots) throws SQLException;

  /** Records a physical object as built (it already carries its final name). Idempotent. */
  void markBuilt(PhysicalObject object) throws SQLException;

  /**
   * Records a plan and points the environment at it, creating the environment if need be.
   *
   * @param expectedPlanId the plan the environment must hold now (compare-and-set), or {@code null}
   *                       when it must not exist yet
   * @param ttl            expiry after last use, or {@code null} for never
   * @throws StateException SQLState {@code 40001} when the environment moved on meanwhile
   */
  Environment finalizeEnvironment(
      String name,
      String planId,
      String sourceEnvironment,
      Map<String, String> snapshots,
      Duration ttl,
      Instant now,
      String expectedPlanId)
      throws SQLException;

  /** Makes the environment expire at {@code at} (now, to invalidate it). */
  void expire(String environment, Instant at) throws SQLException;

  /**
   * Gives the environment a new ttl, counted from {@code now} as a use.
   *
   * @param ttl expiry after last use, or {@code null} for never
   */
  void retain(String environment, Duration ttl, Instant now) throws SQLException;

  /**
   * Removes the environment's record and its plans, if it is still at {@code planId}
   * (compare-and-delete). Its views are the caller's to drop.
   *
   * @return whether it was removed; {@code false} when it is gone or at another plan
   */
  boolean deleteEnvironment(String environment, String planId) throws SQLException;

  /**
   * Forgets a physical object the caller dropped, and the snapshots on it that no environment
   * holds.
   */
  void forgetPhysicalObject(PhysicalName name) throws SQLException;

  /** Forgets snapshots that no environment holds and that have no built physical object. */
  int forgetUnheldSnapshots() throws SQLException;
}
