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
public record ModelFingerprint(String definition, String data, String metadata, String fingerprint, String version) {}
