package dev.venv.model;

/**
 * A model's identity at one point in the repository's history (SPEC §4).
 *
 * @param definition SHA-256 over the model's own data definition (kind, its arguments, the canonical
 *                   query, declared columns, seed bytes): parents not included
 * @param data       SHA-256 over {@code definition} and the parents' data fingerprints, sorted by name
 * @param metadata   SHA-256 over owner, description, tags, grain, cron and unknown properties
 * @param fingerprint SHA-256 over {@code data} and {@code metadata}: names the snapshot
 * @param version    the first 16 hex chars of {@code data}: names the physical object
 */
public record ModelFingerprint(String definition, String data, String metadata, String fingerprint, String version) {

  /**
   * This model at another version: the previous one kept by a change that cannot affect its rows,
   * or a VIEW's that names its parents' objects. The version goes into the fingerprint then, so a
   * snapshot's identity, (model, fingerprint), still fixes its version whatever baseline it was
   * planned against; at the data's own version the fingerprint is the plain one.
   */
  public ModelFingerprint withVersion(String other) {
    if (other.equals(version)) {
      return this;
    }
    Sha256 sha = new Sha256().field(data).field(metadata);
    if (!other.equals(data.substring(0, 16))) {
      sha.field("version").field(other);
    }
    return new ModelFingerprint(definition, data, metadata, sha.hex(), other);
  }

  /** A VIEW's own version when a parent's object is not its data's own: it names those objects. */
  public String viewVersion(java.util.List<String> parentVersions) {
    Sha256 sha = new Sha256().field(data);
    parentVersions.forEach(sha::field);
    return sha.hex().substring(0, 16);
  }
}
