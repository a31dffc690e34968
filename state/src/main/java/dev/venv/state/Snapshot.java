package dev.venv.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One (model, fingerprint): global, shared by every environment that holds it.
 *
 * <p>Snapshots with one {@link #version()} share one physical object: a metadata-only change
 * makes a new snapshot with the same version, so nothing is rebuilt.
 *
 * @param model                 qualified model name, lower case
 * @param fingerprint           SHA-256 over data and metadata fingerprints
 * @param dataFingerprint       SHA-256 over the definition and the parents' data fingerprints
 * @param metadataFingerprint   SHA-256 over owner, description, tags, grain, cron and unknown properties
 * @param definitionFingerprint SHA-256 over this model's own definition only (no parents): tells a
 *                              direct change from an indirect one
 * @param version               first 16 hex chars of the data fingerprint
 * @param kind                  {@code VIEW}, {@code FULL} or {@code SEED}
 * @param physical              where the data lives
 * @param query                 the model's query as written (empty for a seed)
 * @param parents               the models the query reads, sorted
 * @param modelPath             the model file, relative to the repository root
 * @param metadata              owner, description, tags, grain, cron and unknown properties, as written
 * @param createdAt             when the snapshot was first recorded
 */
public record Snapshot(
    String model,
    String fingerprint,
    String dataFingerprint,
    String metadataFingerprint,
    String definitionFingerprint,
    String version,
    String kind,
    PhysicalName physical,
    String query,
    List<String> parents,
    String modelPath,
    Map<String, String> metadata,
    Instant createdAt) {

  public Snapshot {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(physical, "physical");
    parents = List.copyOf(parents);
    metadata = Map.copyOf(metadata);
  }

  /** This snapshot's identity. */
  public SnapshotId id() {
    return new SnapshotId(model, fingerprint);
  }
}
