package org.qenex.monitoring.internal.events;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.osgi.service.event.Event;
import org.qenex.api.event.QenexTopics;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.testing.FakeHttp;

public class LiveEventsTest {

    static EventsConfiguration config(int buffer, int queue, int keepalive, int maxClients) {
        return (EventsConfiguration) Proxy.newProxyInstance(LiveEventsTest.class.getClassLoader(),
                new Class<?>[] {EventsConfiguration.class}, (p, m, a) -> switch (m.getName()) {
                    case "bufferEvents" -> buffer;
                    case "clientQueueEvents" -> queue;
                    case "keepaliveSeconds" -> keepalive;
                    case "maxClients" -> maxClients;
                    case "annotationType" -> EventsConfiguration.class;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    public void eachTopicBecomesItsTypeWithItsPropertiesInTheDocumentedOrder() throws Exception {
        LiveEvents events = new LiveEvents(config(100, 100, 15, 10));
        try {
            RecordingSink sink = new RecordingSink();
            events.hub().subscribe(new EventClient(events.hub(), sink, Set.of(), events.writer(), "test"), null);
            events.handleEvent(new Event(QenexTopics.BLOCK, Map.of(QenexTopics.MINTED, 7L, QenexTopics.HEIGHT, 1L,
                    QenexTopics.HASH, "ab", QenexTopics.TIME, 5L, QenexTopics.TRANSACTIONS, 2, QenexTopics.IMPORT_NANOS, 1_500_000L)));
            events.handleEvent(new Event(QenexTopics.PEER, Map.of(QenexTopics.ID, "0f", QenexTopics.NAME,
                    "10.0.0.1:8333", QenexTopics.STATE, "connected")));
            events.handleEvent(new Event(QenexTopics.INCIDENT, Map.of(QenexTopics.CAUSE, "a \"quoted\"\nline",
                    QenexTopics.SEVERITY, "DOWN")));
            events.handleEvent(new Event("org/qenex/something/else", Map.of()));
            events.writer().submit(() -> { }).get(10, TimeUnit.SECONDS); // the writer has written what was queued

            List<RecordingSink.Frame> frames = sink.events();
            assertEquals(List.of("block", "peer", "incident"), frames.stream().map(RecordingSink.Frame::event).toList());
            assertEquals("{\"height\":1,\"hash\":\"ab\",\"time\":5,\"transactions\":2,\"minted\":7,\"importNanos\":1500000}",
                    frames.get(0).data());
            assertEquals("a property the publisher left out is null",
                    "{\"id\":\"0f\",\"name\":\"10.0.0.1:8333\",\"state\":\"connected\",\"cause\":null}", frames.get(1).data());
            assertTrue("a newline in a value stays inside the one data line", frames.get(2).data()
                    .contains("\"cause\":\"a \\\"quoted\\\"\\nline\""));
        } finally {
            events.deactivate();
        }
    }

    @Test
    public void everyTypeOfTheProtocolIsSubscribed() {
        assertEquals(Set.of("block", "transaction", "ai.version", "ai.candidate", "incident", "alert", "plugin", "peer"),
                EventTypes.NAMES);
        assertEquals("the transactions come with their block", 7, EventTypes.TOPICS.size());
        assertFalse(EventTypes.TOPICS.contains(QenexTopics.TRANSACTION));
    }

    /** The stream's transaction events come from their block's event: the same data, right after the block, in block order. */
    @Test
    public void aBlocksConfirmedTransactionsFollowItAsTransactionEvents() throws Exception {
        LiveEvents events = new LiveEvents(config(100, 100, 15, 10));
        try {
            RecordingSink sink = new RecordingSink();
            events.hub().subscribe(new EventClient(events.hub(), sink, Set.of(), events.writer(), "test"), null);
            Map<String, Object> first = Map.of(QenexTopics.ID, "01", QenexTopics.HEIGHT, 4L, QenexTopics.HASH, "ab",
                    QenexTopics.FROM, "qa", QenexTopics.TO, "qb", QenexTopics.AMOUNT, 5L);
            Map<String, Object> second = Map.of(QenexTopics.ID, "02", QenexTopics.HEIGHT, 4L, QenexTopics.HASH, "ab",
                    QenexTopics.FROM, "qb", QenexTopics.TO, "qc", QenexTopics.AMOUNT, 0L);
            events.handleEvent(new Event(QenexTopics.BLOCK, Map.of(QenexTopics.HEIGHT, 4L, QenexTopics.HASH, "ab",
                    QenexTopics.TIME, 5L, QenexTopics.TRANSACTIONS, 2, QenexTopics.MINTED, 0L,
                    QenexTopics.CONFIRMED, List.of(first, second))));
            events.handleEvent(new Event(QenexTopics.BLOCK, Map.of(QenexTopics.HEIGHT, 5L, QenexTopics.HASH, "cd",
                    QenexTopics.TIME, 6L, QenexTopics.TRANSACTIONS, 0, QenexTopics.MINTED, 0L)));
            events.writer().submit(() -> { }).get(10, TimeUnit.SECONDS);

            List<RecordingSink.Frame> frames = sink.events();
            assertEquals(List.of("block", "transaction", "transaction", "block"),
                    frames.stream().map(RecordingSink.Frame::event).toList());
            assertEquals("a block the node did not time (a reorganisation's earlier ones) has no import time",
                    "{\"height\":4,\"hash\":\"ab\",\"time\":5,\"transactions\":2,\"minted\":0,\"importNanos\":null}", frames.get(0).data());
            assertEquals("{\"id\":\"01\",\"height\":4,\"hash\":\"ab\",\"from\":\"qa\",\"to\":\"qb\",\"amount\":5}",
                    frames.get(1).data());
            assertEquals("{\"id\":\"02\",\"height\":4,\"hash\":\"ab\",\"from\":\"qb\",\"to\":\"qc\",\"amount\":0}",
                    frames.get(2).data());
            assertEquals("ids grow by one per event, the transactions' included", List.of(1L, 1L, 1L),
                    List.of(frames.get(1).id() - frames.get(0).id(), frames.get(2).id() - frames.get(1).id(),
                            frames.get(3).id() - frames.get(2).id()));
        } finally {
            events.deactivate();
        }
    }

    /** An idle node without a client must not wake every second for keepalives nobody receives. */
    @Test
    public void theKeepaliveTimerRunsOnlyWhileAClientIsConnected() {
        LiveEvents events = new LiveEvents(config(100, 100, 15, 10));
        try {
            assertFalse("no client, no timer", events.keepaliveArmed());
            EventClient first = new EventClient(events.hub(), new RecordingSink(), Set.of(), events.writer(), "first");
            assertEquals(EventHub.Start.LIVE, events.subscribe(first, null));
            assertTrue("a client arms it", events.keepaliveArmed());
            events.keepalive();
            assertTrue("a connected client keeps it running", events.keepaliveArmed());

            events.hub().leave(first);
            events.keepalive();
            assertFalse("the last client gone, the next round stops it", events.keepaliveArmed());

            EventClient second = new EventClient(events.hub(), new RecordingSink(), Set.of(), events.writer(), "second");
            events.subscribe(second, null);
            assertTrue("the next client arms it again", events.keepaliveArmed());
        } finally {
            events.deactivate();
        }
    }

    @Test
    public void deactivationEndsEveryStream() {
        LiveEvents events = new LiveEvents(config(100, 100, 15, 10));
        RecordingSink sink = new RecordingSink();
        events.hub().subscribe(new EventClient(events.hub(), sink, Set.of(), events.writer(), "test"), null);
        events.deactivate();
        assertTrue(sink.closed());
        assertEquals(0, events.hub().clientCount());
    }

    @Test
    public void theServletRefusesNonViewersAndBadParametersWithTheApiErrorCodes() throws Exception {
        LiveEvents events = new LiveEvents(config(100, 100, 15, 10));
        try {
            EventsServlet servlet = new EventsServlet(events);
            FakeHttp stranger = FakeHttp.get("/v1/events").as("mallory").sendTo(servlet);
            assertEquals(403, stranger.status());
            assertEquals("forbidden", stranger.errorCode());

            FakeHttp badType = FakeHttp.get("/v1/events").query("types", "block,blocks")
                    .as("ann", ApiContext.ROLE_VIEWER).sendTo(servlet);
            assertEquals(400, badType.status());
            assertEquals("bad_request", badType.errorCode());
            assertTrue(badType.errorDetail(), badType.errorDetail().startsWith("unknown event type 'blocks'; the types are "
                    + "ai.candidate, ai.version, alert, block"));

            FakeHttp badId = FakeHttp.get("/v1/events").header("Last-Event-ID", "12x")
                    .as("ann", ApiContext.ROLE_VIEWER).sendTo(servlet);
            assertEquals(400, badId.status());
            assertEquals("bad_request", badId.errorCode());
            assertEquals(0, events.hub().clientCount());
        } finally {
            events.deactivate();
        }
    }

    @Test
    public void theHeaderWinsOverTheQueryParameterAndTypesAreTrimmed() {
        var request = FakeHttp.get("/v1/events").header("Last-Event-ID", " 42 ").query("lastEventId", "7").request();
        assertEquals(Long.valueOf(42), EventsServlet.lastEventId(request));
        assertEquals(Long.valueOf(7), EventsServlet.lastEventId(FakeHttp.get("/v1/events").query("lastEventId", "7")
                .request()));
        assertEquals(null, EventsServlet.lastEventId(FakeHttp.get("/v1/events").request()));
        assertEquals(Set.of("block", "incident"), EventsServlet.types(" block , incident"));
        assertEquals(Set.of(), EventsServlet.types(null));
    }
}
