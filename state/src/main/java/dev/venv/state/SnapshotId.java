package dev.venv.state;

import java.util.Objects;

/**
 * The identity of a snapshot: a model name and the fingerprint of its definition.
 *
 * @param model       the model's qualified name, {@code schema.table}, lower case
 * @param fingerprint 64 lower-case hex chars of SHA-256 over the data and metadata fingerprints
 */
public record SnapshotId(String model, String fingerprint) {
  public SnapshotId {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(fingerprint, "fingerprint");
  }
}
