package org.qenex.api.health;

import java.util.Objects;

/**
 * The outcome of one run of a {@link HealthCheck}.
 *
 * @param status the status the check found
 * @param message a short, human readable explanation; never {@code null}
 * @since 1.0.0
 */
public record HealthResult(HealthStatus status, String message) {

    public HealthResult {
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
    }

    public static HealthResult up(String message) {
        return new HealthResult(HealthStatus.UP, message);
    }

    public static HealthResult degraded(String message) {
        return new HealthResult(HealthStatus.DEGRADED, message);
    }

    public static HealthResult down(String message) {
        return new HealthResult(HealthStatus.DOWN, message);
    }
}
