package dev.venv.jdbc;

import dev.venv.sql.ModelSchemaSet;
import dev.venv.state.StateStore;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The model schemas of one backend as the state says now, for connections older than the state
 * version they connected at: an environment created or promoted since may have made a schema a
 * model schema (prod's {@code new_schema}), and a name there must be refused, not read.
 *
 * <p>One per backend in a runtime ({@link EnvironmentResolver}). Learnt from every route it builds,
 * and otherwise asked of the state at most once a second, by whichever statement finds the last
 * answer older: another process (PostgreSQL) may have changed it. Between two asks a schema made elsewhere is unknown for up to that second.
 */
final class ModelSchemaWatch implements Supplier<ModelSchemaSet> {
  private static final long CHECK_INTERVAL_MILLIS = 1_000;

  /** What was last learnt: the state version, its model schemas, and a count of changes for caches. */
  private record Known(long stateVersion, ModelSchemaSet schemas, int generation) {}

  private volatile Known known = new Known(-1, ModelSchemaSet.EMPTY, 0);
  private final Clock clock;
  private final AtomicLong nextCheck;

  ModelSchemaWatch(Clock clock) {
    this.clock = clock;
    this.nextCheck = new AtomicLong(clock.millis());
  }

  @Override
  public ModelSchemaSet get() {
    return known.schemas();
  }

  /** Changes whenever the set does: routed texts cached before a change are routed again. */
  int generation() {
    return known.generation();
  }

  /** The state at {@code stateVersion} has these models. */
  void observe(long stateVersion, Collection<String> modelNames) {
    synchronized (this) {
      Known last = known;
      if (stateVersion <= last.stateVersion()) {
        return;
      }
      ModelSchemaSet schemas = ModelSchemaSet.ofModels(modelNames);
      boolean changed = !schemas.names().equals(last.schemas().names());
      known = new Known(stateVersion, changed ? schemas : last.schemas(), last.generation() + (changed ? 1 : 0));
    }
  }

  /**
   * Asks the state whether it moved on, when the last answer is older than a second; one caller
   * asks, the others go on with what is known. A failure to ask changes nothing: the statement
   * itself will meet whatever the backend's trouble is.
   */
  void checkIfDue(StateStore store) {
    long now = clock.millis();
    long due = nextCheck.get();
    // Not due: before the next check, unless the clock was set back past the last one.
    boolean notDue = now < due && due - now <= CHECK_INTERVAL_MILLIS;
    if (notDue || !nextCheck.compareAndSet(due, now + CHECK_INTERVAL_MILLIS)) {
      return;
    }
    try {
      long version = store.stateVersion();
      if (version != known.stateVersion()) {
        observe(version, store.modelNames());
      }
    } catch (SQLException e) {
      // nothing learnt: asked again in a second
    }
  }
}
