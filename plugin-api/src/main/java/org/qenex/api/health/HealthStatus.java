package org.qenex.api.health;

/**
 * How healthy a part of the node is, from best to worst.
 *
 * @since 1.0.0
 */
public enum HealthStatus {
    /** Working as intended. */
    UP,
    /** Working, but impaired: for example slow, or close to a resource limit. */
    DEGRADED,
    /** Not working. */
    DOWN;

    /** The worse of this status and {@code other}. */
    public HealthStatus worst(HealthStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
