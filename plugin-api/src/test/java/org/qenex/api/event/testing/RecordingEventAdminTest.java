package org.qenex.api.event.testing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.osgi.service.event.Event;

public class RecordingEventAdminTest {

    private final RecordingEventAdmin events = new RecordingEventAdmin("publishers must not wait");

    @Test
    public void keepsPostedEventsInOrderAndByTopic() {
        events.postEvent(new Event("qenex/a", Map.of("n", 1)));
        events.postEvent(new Event("qenex/b", Map.of("n", 2)));
        events.postEvent(new Event("qenex/a", Map.of("n", 3)));

        assertEquals(List.of(1, 2, 3), events.posted().stream().map(e -> e.getProperty("n")).toList());
        assertEquals(List.of(1, 3), events.on("qenex/a").stream().map(e -> e.getProperty("n")).toList());
        events.clear();
        assertEquals(List.of(), events.posted());
    }

    @Test
    public void aSynchronousSendFailsWithTheTestsReasonAndRecordsNothing() {
        AssertionError error = assertThrows(AssertionError.class, () -> events.sendEvent(new Event("qenex/a", Map.of())));
        assertEquals("publishers must not wait", error.getMessage());
        assertEquals(List.of(), events.posted());
    }
}
