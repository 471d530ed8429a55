package org.qenex.storage.internal;

import static org.junit.Assert.assertEquals;


import org.junit.Test;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.testing.RecordingIncidentLog;

public class IncidentRelayTest {

    @Test
    public void incidentsBeforeTheLogIsBoundAreDeliveredOnBind() {
        IncidentRelay relay = new IncidentRelay();
        relay.report(HealthStatus.DEGRADED, "torn tail", "truncated", "nothing lost");
        RecordingIncidentLog log = new RecordingIncidentLog();
        relay.bind(log);
        relay.report(HealthStatus.UP, "index rebuilt", "rebuilt", "ok");
        assertEquals(2, log.reported().size());
        assertEquals("torn tail", log.reported().get(0).cause());
        assertEquals(IncidentRelay.PART, log.reported().get(0).part());
        relay.unbind(log);
        relay.report(HealthStatus.DOWN, "held again", "none", "");
        assertEquals(2, log.reported().size());
    }
}
