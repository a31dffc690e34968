package dev.venv.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A finalized environment: a name and the snapshot each of its models points at.
 *
 * @param name              environment name; {@code prod} is production
 * @param planId            the plan that made the current snapshot set
 * @param previousPlanId    the plan before that, or {@code null}
 * @param sourceEnvironment the environment it was planned against
 * @param snapshots         model name → fingerprint: with the model, each a {@link SnapshotId}
 * @param createdAt         when the environment was first finalized
 * @param finalizedAt       when its current plan was finalized
 * @param lastUsedAt        last connect or update
 * @param ttl               expiry after last use; {@code null} for never (prod)
 * @param expiresAt         {@code lastUsedAt + ttl}; {@code null} for never
 */
public record Environment(
    String name,
    String planId,
    String previousPlanId,
    String sourceEnvironment,
    Map<String, String> snapshots,
    Instant createdAt,
    Instant finalizedAt,
    Instant lastUsedAt,
    Duration ttl,
    Instant expiresAt) {

  /** The production environment's name. */
  public static final String PROD = "prod";

  public Environment {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(planId, "planId");
    snapshots = Map.copyOf(snapshots);
  }

  /**
   * The schema where {@code environment} shows the models of {@code modelSchema} (SPEC §5):
   * {@code <schema>__<env>}, prod's own {@code <schema>}.
   */
  public static String viewSchema(String modelSchema, String environment) {
    return PROD.equals(environment) ? modelSchema : modelSchema + "__" + environment;
  }

  /** The view of model {@code schema.table} in {@code environment}. */
  public static PhysicalName view(String model, String environment) {
    int dot = model.indexOf('.');
    return new PhysicalName(viewSchema(model.substring(0, dot), environment), model.substring(dot + 1));
  }

  /** The snapshots the environment holds, one per model. */
  public List<SnapshotId> snapshotIds() {
    return snapshots.entrySet().stream().map(e -> new SnapshotId(e.getKey(), e.getValue())).toList();
  }

  public boolean isProd() {
    return PROD.equals(name);
  }
}
