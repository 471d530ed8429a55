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
 */
public record PartView(String name, PartKind kind, long bundleId, String bundleState, HealthStatus health,
        String message, boolean quarantined, int restarts, Incident lastIncident) {
}
