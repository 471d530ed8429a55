package org.qenex.api.health;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing the node detected about one of its parts, and what was done about it.
 *
 * @param sequence increasing number, unique within a node
 * @param time when it was detected
 * @param part the part concerned, for example {@code bundle:org.qenex.storage}
 * @param severity how bad it is
 * @param cause what was detected
 * @param action what was done about it ({@code none} if nothing)
 * @param outcome what came of the action
 * @since 1.0.0
 */
public record Incident(long sequence, Instant time, String part, HealthStatus severity,
        String cause, String action, String outcome) {

    public Incident {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(severity, "severity");
        cause = cause == null ? "" : cause;
        action = action == null ? "none" : action;
        outcome = outcome == null ? "" : outcome;
    }
}
