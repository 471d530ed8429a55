package org.qenex.security.internal.intrusion;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;
import org.qenex.api.health.IncidentLog;
import org.qenex.security.internal.audit.AuditEntry;
import org.qenex.security.internal.audit.AuditQuery;
import org.qenex.security.internal.audit.AuditRecord;
import org.qenex.security.internal.audit.AuditTrail;
import org.qenex.security.internal.audit.VerifyReport;

/** In-memory stand-ins for the audit trail and the kernel's incident log. */
final class RecordingSinks {

    static final class Audit implements AuditTrail {
        final List<AuditEntry> entries = new CopyOnWriteArrayList<>();

        @Override
        public void record(AuditEntry entry) {
            entries.add(entry);
        }

        @Override
        public List<AuditRecord> search(AuditQuery query) {
            return List.of();
        }

        @Override
        public VerifyReport verify() throws IOException {
            throw new IOException("not kept");
        }

        @Override
        public Path location() {
            return Paths.get("memory");
        }

        @Override
        public long lost() {
            return 0;
        }
    }

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
