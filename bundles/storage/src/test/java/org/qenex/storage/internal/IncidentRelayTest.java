package org.qenex.storage.internal;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;
import org.qenex.api.health.IncidentLog;

public class IncidentRelayTest {

    private static final class RecordingLog implements IncidentLog {
        final List<Incident> incidents = new ArrayList<>();

        @Override
        public Incident report(String part, HealthStatus severity, String cause, String action, String outcome) {
            Incident i = new Incident(incidents.size(), java.time.Instant.now(), part, severity, cause, action, outcome);
            incidents.add(i);
            return i;
        }

        @Override
        public List<Incident> recent(int limit) {
            return incidents;
        }

        @Override
        public List<Incident> recent(String part, int limit) {
            return incidents;
        }
    }

    @Test
    public void incidentsBeforeTheLogIsBoundAreDeliveredOnBind() {
        IncidentRelay relay = new IncidentRelay();
        relay.report(HealthStatus.DEGRADED, "torn tail", "truncated", "nothing lost");
        RecordingLog log = new RecordingLog();
        relay.bind(log);
        relay.report(HealthStatus.UP, "index rebuilt", "rebuilt", "ok");
        assertEquals(2, log.incidents.size());
        assertEquals("torn tail", log.incidents.get(0).cause());
        assertEquals(IncidentRelay.PART, log.incidents.get(0).part());
        relay.unbind(log);
        relay.report(HealthStatus.DOWN, "held again", "none", "");
        assertEquals(2, log.incidents.size());
    }
}
