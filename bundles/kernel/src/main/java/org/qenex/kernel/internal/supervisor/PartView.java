package org.qenex.kernel.internal.supervisor;

import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;

/**
 * What the supervisor currently knows about one part.
 *
 * @param name for example {@code bundle:org.qenex.storage}
 * @param kind bundle, component or health check
 * @param bundleId the bundle the part belongs to, {@code -1} if it is not installed
 * @param bundleState for example {@code ACTIVE}
 * @param health the part's status; a quarantined part is {@code DOWN}
 * @param message why it has that status
 * @param quarantined whether it is stopped until an operator heals it
 * @param restarts restarts since the part was last stable
 * @param lastIncident the newest incident about the part, or {@code null}
 * @param critical whether the part's DOWN makes the node DOWN; a non-critical health check makes it DEGRADED at worst
 */
public record PartView(String name, PartKind kind, long bundleId, String bundleState, HealthStatus health,
        String message, boolean quarantined, int restarts, Incident lastIncident, boolean critical) {

    /** What this part makes of the node's health: its own, capped at DEGRADED when it is not critical. */
    public HealthStatus nodeImpact() {
        return critical ? health : capped(health);
    }

    /** {@code status}, but never worse than DEGRADED. */
    public static HealthStatus capped(HealthStatus status) {
        return status == HealthStatus.DOWN ? HealthStatus.DEGRADED : status;
    }
}
