package dev.venv.env;

import dev.venv.state.PhysicalName;

/**
 * One model in a plan.
 *
 * @param model               qualified name
 * @param category            how it differs from the baseline
 * @param fingerprint         the snapshot the environment will hold; {@code null} when removed
 * @param previousFingerprint the baseline's snapshot, or {@code null}
 * @param physical            the physical object the snapshot reads; {@code null} when removed
 * @param previousPhysical    the physical object the baseline's snapshot reads, or {@code null}
 * @param build               {@code true} when the plan builds that physical object
 * @param reason              for a modified model a plan analysed, what its change can affect and
 *                            why it is rebuilt or reused; else {@code null}
 */
public record ModelChange(
    String model,
    ChangeCategory category,
    String fingerprint,
    String previousFingerprint,
    PhysicalName physical,
    PhysicalName previousPhysical,
    boolean build,
    ChangeReason reason) {}
