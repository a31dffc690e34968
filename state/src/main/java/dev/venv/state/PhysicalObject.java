package dev.venv.state;

import java.time.Instant;

/**
 * A built physical object: recorded only after it carries its final name, complete.
 *
 * @param name    schema and table
 * @param model   the model it belongs to
 * @param version the snapshot version it holds
 * @param type    {@code TABLE} or {@code VIEW}
 * @param builtAt when it was marked built
 */
public record PhysicalObject(PhysicalName name, String model, String version, String type, Instant builtAt) {}
