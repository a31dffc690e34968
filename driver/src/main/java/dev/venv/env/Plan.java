package dev.venv.env;

import dev.venv.state.Environment;
import dev.venv.state.Snapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What creating or updating an environment does: how each model differs from the baseline, the
 * snapshots to record, and the physical objects to build, parents first.
 *
 * @param environment the environment to create or update
 * @param source      the environment a new one is planned from
 * @param baseline    what the plan compares against: the environment itself when it exists, else
 *                    the source, else nothing; for {@link EnvironmentPlanner#compare} of an
 *                    existing environment, the source
 * @param current     the environment as it is now, if it exists
 * @param changes     every model of the repository and of the baseline, by name
 * @param snapshots   the snapshot of every model the environment will hold, by model name
 * @param newSnapshots snapshots not recorded yet
 * @param builds      the models whose physical objects are built, in dependency order
 */
public record Plan(
    String environment,
    String source,
    Optional<Environment> baseline,
    Optional<Environment> current,
    List<ModelChange> changes,
    Map<String, Snapshot> snapshots,
    List<Snapshot> newSnapshots,
    List<Snapshot> builds) {

  /** The models in a category, by name. */
  public List<String> models(ChangeCategory category) {
    return changes.stream().filter(c -> c.category() == category).map(ModelChange::model).toList();
  }

  /** model → fingerprint: what the environment will hold. */
  public Map<String, String> fingerprints() {
    return snapshots.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().fingerprint()));
  }

  /** {@code true} when the environment exists and already holds exactly these snapshots. */
  public boolean isNoOp() {
    return current.isPresent() && current.get().snapshots().equals(fingerprints());
  }
}
