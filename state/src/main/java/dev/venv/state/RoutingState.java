package dev.venv.state;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a connection to one environment needs of the state, read in one consistent snapshot: the
 * environment's snapshots, and every name venv protects in any environment, so that routing can
 * refuse what this environment does not hold instead of passing it through.
 *
 * @param stateVersion     the state version this was read at
 * @param environment      the finalized environment
 * @param snapshots        the snapshot of each model the environment holds, by model name
 * @param environmentNames every finalized environment's name (this one included)
 * @param modelNames       every model name any environment or recorded snapshot has, lower case
 */
public record RoutingState(
    long stateVersion,
    Environment environment,
    Map<String, Snapshot> snapshots,
    Set<String> environmentNames,
    Set<String> modelNames) {

  public RoutingState {
    Objects.requireNonNull(environment, "environment");
    snapshots = Map.copyOf(snapshots);
    environmentNames = Set.copyOf(environmentNames);
    modelNames = Set.copyOf(modelNames);
  }
}
