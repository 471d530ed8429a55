package org.qenex.storage.internal;

import org.qenex.api.health.HealthStatus;

/** Where the store reports what it detects and what it did about it. */
@FunctionalInterface
public interface IncidentSink {

    IncidentSink NONE = (severity, cause, action, outcome) -> {
    };

    void report(HealthStatus severity, String cause, String action, String outcome);
}
