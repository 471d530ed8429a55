package org.qenex.security.internal.intrusion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;
import org.qenex.api.health.IncidentLog;

/** An in-memory stand-in for the kernel's incident log (the audit trail's is {@code RecordingAuditTrail}). */
final class RecordingSinks {

    static final class Incidents implements IncidentLog {
        final List<Incident> reported = new CopyOnWriteArrayList<>();

        @Override
        public Incident report(String part, HealthStatus severity, String cause, String action, String outcome) {
            Incident incident = new Incident(reported.size() + 1, Instant.now(), part, severity, cause, action, outcome);
            reported.add(incident);
            return incident;
        }

        @Override
        public List<Incident> recent(int limit) {
            return new ArrayList<>(reported);
        }

        @Override
        public List<Incident> recent(String part, int limit) {
            return recent(limit);
        }
    }

    private RecordingSinks() {
    }
}
