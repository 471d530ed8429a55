package org.qenex.monitoring.internal.events;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;
import org.qenex.monitoring.internal.events.RecordingSink.Frame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

public class EventHubTest {

    private static final long KEEPALIVE_MILLIS = 15_000;

    private final AtomicLong clock = new AtomicLong(1_800_000_000_000L);

    /** Writes on the publishing thread: every pass is done when publish returns. */
    private EventHub hub(int buffer, int clientQueue) {
        return new EventHub(buffer, clientQueue, KEEPALIVE_MILLIS, 10, clock::get, Runnable::run);
    }

    private static RecordingSink connect(EventHub hub, Long lastEventId, String... types) {
        RecordingSink sink = new RecordingSink();
        EventClient client = new EventClient(hub, sink, Set.of(types), Runnable::run, "test");
        hub.subscribe(client, lastEventId);
        return sink;
    }

    private static String block(int height) {
        return "{\"height\":" + height + "}";
    }

    @Test
    public void idsIncreaseByOneAndEveryEventIsOneFramedLine() {
        EventHub hub = hub(100, 100);
        RecordingSink sink = connect(hub, null);
        long first = hub.publish("block", block(1));
        long second = hub.publish("transaction", "{\"id\":\"ab\"}");
        long third = hub.publish("block", block(2));
        assertEquals(first + 1, second);
        assertEquals(second + 1, third);
        assertEquals("ids start at the clock's microseconds, so they keep growing across restarts",
                clock.get() * 1000, first);
        assertEquals(List.of(new Frame(first, "block", block(1), null), new Frame(second, "transaction",
                "{\"id\":\"ab\"}", null), new Frame(third, "block", block(2), null)), sink.events());
        assertTrue("each pass is flushed", sink.flushes() >= 1);

        // A restart later: the new hub's ids are above every id of the old one.
        clock.addAndGet(1);
        assertTrue(hub(100, 100).publish("block", block(3)) > third);
    }

    /** A deferred event's JSON is made once, when a client that wants its type reads it, and never for a block-only client. */
    @Test
    public void aDeferredEventIsRenderedOnlyWhenAClientWantsIt() {
        EventHub hub = hub(100, 100);
        RecordingSink blocksOnly = connect(hub, null, "block");
        AtomicInteger rendered = new AtomicInteger();
        long tx = hub.publish("transaction", () -> {
            rendered.incrementAndGet();
            return "{\"id\":\"ab\"}";
        });
        long block = hub.publish("block", block(1));
        assertEquals(List.of(block), blocksOnly.events().stream().map(Frame::id).toList());
        assertEquals("nobody wanted the transaction: never rendered", 0, rendered.get());

        RecordingSink everything = connect(hub, tx - 1);
        RecordingSink again = connect(hub, tx - 1, "transaction");
        assertEquals(List.of(tx, block), everything.events().stream().map(Frame::id).toList());
        assertEquals(new Frame(tx, "transaction", "{\"id\":\"ab\"}", null), again.events().get(0));
        assertEquals("rendered once for every client", 1, rendered.get());
    }

    @Test
    public void aClientReconnectingWithItsLastIdGetsWhatItMissedThenLiveEvents() {
        EventHub hub = hub(100, 100);
        long[] ids = new long[5];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = hub.publish("block", block(i));
        }
        RecordingSink sink = connect(hub, ids[1]);
        long live = hub.publish("block", block(5));
        assertEquals(List.of(ids[2], ids[3], ids[4], live), sink.events().stream().map(Frame::id).toList());

        RecordingSink upToDate = connect(hub, live);
        assertEquals(List.of(), upToDate.events());
        RecordingSink fresh = connect(hub, null);
        long next = hub.publish("block", block(6));
        assertEquals(List.of(next), upToDate.events().stream().map(Frame::id).toList());
        assertEquals(List.of(next), fresh.events().stream().map(Frame::id).toList());
    }

    @Test
    public void anIdOlderThanTheBufferIsAnsweredWithResetThenLiveEventsOnly() throws Exception {
        EventHub hub = hub(16, 16);
        long first = hub.publish("block", block(0));
        long last = first;
        for (int i = 1; i < 40; i++) {
            last = hub.publish("block", block(i));
        }
        RecordingSink sink = connect(hub, first);
        long live = hub.publish("block", block(40));

        List<Frame> frames = sink.events();
        assertEquals(2, frames.size());
        Frame reset = frames.get(0);
        assertEquals("reset", reset.event());
        assertEquals("a client that reconnects with the reset's id continues from there", Long.valueOf(last), reset.id());
        JsonNode data = new ObjectMapper().readTree(reset.data());
        assertEquals(first, data.get("lastEventId").asLong());
        assertEquals(last - 15, data.get("oldest").asLong());
        assertEquals(last, data.get("newest").asLong());
        assertEquals(Long.valueOf(live), frames.get(1).id());

        // The oldest id still kept replays; an id from the future (another node, an older clock) resets.
        List<Frame> replayed = connect(hub, live - 16).events();
        assertEquals(16, replayed.size());
        assertEquals(Long.valueOf(live - 15), replayed.get(0).id());
        assertEquals("reset", connect(hub, live - 17).events().get(0).event());
        assertEquals("reset", connect(hub, live + 5).events().get(0).event());
    }

    @Test
    public void resetIsSentWhatEverTheFilterAndBeforeAnyEventHappened() {
        EventHub hub = hub(16, 16);
        RecordingSink sink = connect(hub, 42L, "incident");
        Frame reset = sink.events().get(0);
        assertEquals("reset", reset.event());
        assertTrue(reset.data().contains("\"oldest\":null"));
        // Reconnecting with the reset's id before any event is a valid replay point, not another reset.
        assertEquals(List.of(), connect(hub, reset.id()).events());
    }

    @Test
    public void aFilteredClientGetsOnlyItsTypesAndSkipsTheRestWithoutFallingBehind() {
        EventHub hub = hub(64, 32);
        RecordingSink blocks = connect(hub, null, "block", "incident");
        RecordingSink all = connect(hub, null);
        for (int i = 0; i < 100; i++) {
            hub.publish("transaction", "{}");
            if (i % 10 == 0) {
                hub.publish("block", block(i));
            }
        }
        hub.publish("incident", "{\"part\":\"x\"}");
        assertEquals(10, blocks.events().stream().filter(f -> f.event().equals("block")).count());
        assertEquals(11, blocks.events().size());
        assertEquals(111, all.events().size());
        assertFalse(blocks.closed());
    }

    @Test
    public void anIdleClientGetsAKeepaliveCommentOncePerPeriodOnTheClock() {
        EventHub hub = hub(16, 16);
        RecordingSink sink = connect(hub, null);
        assertEquals("the stream opens with a comment, so its headers leave at once",
                List.of(new Frame(null, null, null, "connected")), sink.frames());
        clock.addAndGet(KEEPALIVE_MILLIS - 1);
        hub.keepalive();
        assertEquals(0, keepalives(sink));
        clock.addAndGet(1);
        hub.keepalive();
        assertEquals(1, keepalives(sink));
        assertEquals(new Frame(null, null, null, "keepalive"), sink.frames().get(1));
        hub.keepalive();
        assertEquals("not again in the same period", 1, keepalives(sink));

        // An event written counts as traffic: the next keepalive is a full period after it.
        clock.addAndGet(KEEPALIVE_MILLIS - 1);
        hub.publish("block", block(1));
        clock.addAndGet(KEEPALIVE_MILLIS - 1);
        hub.keepalive();
        assertEquals(1, keepalives(sink));
        clock.addAndGet(1);
        hub.keepalive();
        assertEquals(2, keepalives(sink));
        assertEquals("keepalive", sink.frames().get(3).comment());
    }

    private static long keepalives(RecordingSink sink) {
        return sink.frames().stream().filter(f -> "keepalive".equals(f.comment())).count();
    }

    @Test
    public void aSlowClientIsDroppedWhileTheOthersKeepReceiving() {
        EventHub hub = hub(64, 16);
        RecordingSink slow = connect(hub, null);
        RecordingSink reader = connect(hub, null);
        hub.publish("block", block(0));
        slow.stall();
        for (int i = 1; i <= 16; i++) {
            hub.publish("block", block(i));
        }
        assertFalse("16 events behind is its queue, not more", slow.closed());
        hub.publish("block", block(17));
        assertTrue(slow.closed());
        assertEquals(1, hub.clientCount());
        assertEquals(1, hub.droppedCount());
        assertEquals(1, slow.events().size());
        for (int i = 18; i < 100; i++) {
            hub.publish("block", block(i));
        }
        assertEquals(100, reader.events().size());
        assertFalse(reader.closed());
    }

    @Test
    public void aClientWhoseNextEventWasOverwrittenIsDropped() {
        // A queue as long as the buffer: the overrun is what catches it.
        EventHub hub = new EventHub(16, 1_000, KEEPALIVE_MILLIS, 10, clock::get, Runnable::run);
        RecordingSink slow = new RecordingSink();
        EventClient client = new EventClient(hub, slow, Set.of(), command -> { }, "lazy");
        hub.subscribe(client, null);
        for (int i = 0; i < 16; i++) {
            hub.publish("block", block(i));
        }
        assertFalse(slow.closed());
        hub.publish("block", block(16));
        assertTrue("behind by more than the buffer", slow.closed());
    }

    @Test
    public void publishingNeverWaitsForAClientEvenOneWhoseWriteHangs() throws Exception {
        ExecutorService writer = Executors.newSingleThreadExecutor();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch writing = new CountDownLatch(1);
        try {
            EventHub hub = new EventHub(1_000, 500, KEEPALIVE_MILLIS, 10, clock::get, writer);
            RecordingSink hanging = new RecordingSink() {
                @Override
                public void write(byte[] bytes) {
                    writing.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            hub.subscribe(new EventClient(hub, hanging, Set.of(), writer, "hanging"), null);
            hub.publish("block", block(0));
            assertTrue(writing.await(10, TimeUnit.SECONDS));

            long started = System.nanoTime();
            for (int i = 1; i <= 20_000; i++) {
                hub.publish("transaction", "{\"n\":" + i + "}");
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            // 20,000 events with the writer stuck: bounded by the work of numbering them, not by the client.
            assertTrue("publishing took " + millis + " ms", millis < 5_000);
            assertEquals(0, hub.clientCount());
            assertEquals(1, hub.droppedCount());
        } finally {
            release.countDown();
            writer.shutdown();
            assertTrue(writer.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    public void moreClientsThanAllowedAreRefused() {
        EventHub hub = new EventHub(16, 16, KEEPALIVE_MILLIS, 2, clock::get, Runnable::run);
        assertEquals(EventHub.Start.LIVE, hub.subscribe(new EventClient(hub, new RecordingSink(), Set.of(),
                Runnable::run, "a"), null));
        hub.subscribe(new EventClient(hub, new RecordingSink(), Set.of(), Runnable::run, "b"), null);
        assertNull(hub.subscribe(new EventClient(hub, new RecordingSink(), Set.of(), Runnable::run, "c"), null));
    }
}
