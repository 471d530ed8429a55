package org.qenex.monitoring.internal.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's event stream: numbers each published event, keeps the newest ones in a ring buffer
 * for replay and wakes the connected clients, each of which reads the buffer from its own cursor.
 *
 * <p>Publishing takes one short lock (number, store, check each client's lag) and never waits for a
 * client: writing happens on the {@code writer} executor through non-blocking sinks. A client more
 * than {@code clientQueue} events behind, or whose next event was overwritten, is dropped.
 *
 * <p>Ids start at the current time in microseconds and grow by one per event, so they keep
 * increasing across restarts of the node or of this bundle (unless it published more than a
 * million events a second on average), and a client's id from before a restart is answered with a
 * {@code reset}, never confused with a new event's.
 */
final class EventHub {

    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
    private static final byte[] KEEPALIVE = ": keepalive\n\n".getBytes(StandardCharsets.US_ASCII);
    // First on every stream, so the response's headers leave at once (a client's "open") even on a quiet node.
    private static final byte[] CONNECTED = ": connected\n\n".getBytes(StandardCharsets.US_ASCII);

    /** What {@link #read} found: events from the cursor on, the cursor after them, or that the cursor was overwritten. */
    record Batch(List<StreamEvent> events, long nextId, boolean overrun) {
    }

    /** How a subscription starts. */
    enum Start { LIVE, REPLAY, RESET }

    private final StreamEvent[] ring;
    private final int clientQueue;
    private final long keepaliveMillis;
    private final int maxClients;
    private final LongSupplier clock;
    private final Executor writer;
    private final Set<EventClient> clients = new CopyOnWriteArraySet<>();
    private final Object lock = new Object();
    private final long firstId;
    private long lastId;
    private long dropped;

    EventHub(int bufferEvents, int clientQueue, long keepaliveMillis, int maxClients, LongSupplier clock,
            Executor writer) {
        this.ring = new StreamEvent[bufferEvents];
        this.clientQueue = Math.min(clientQueue, bufferEvents);
        this.keepaliveMillis = keepaliveMillis;
        this.maxClients = maxClients;
        this.clock = clock;
        this.writer = writer;
        this.firstId = clock.getAsLong() * 1000;
        this.lastId = firstId - 1;
    }

    long nowMillis() {
        return clock.getAsLong();
    }

    /** Numbers, stores and announces one event; returns its id. Never blocks on a client. */
    long publish(String type, String json) {
        return publish(type, () -> json);
    }

    /**
     * As {@link #publish(String, String)}, with the data line's JSON made only when a client first
     * reads the event ({@link StreamEvent#deferred}); {@code json} must not depend on mutable state.
     */
    long publish(String type, Supplier<String> json) {
        List<EventClient> behind = new ArrayList<>(0);
        long id;
        synchronized (lock) {
            id = lastId + 1;
            ring[index(id)] = StreamEvent.deferred(id, type, json);
            lastId = id;
            for (EventClient client : clients) {
                if (id - client.cursor() + 1 > clientQueue) {
                    behind.add(client);
                }
            }
        }
        for (EventClient client : behind) {
            drop(client, "more than " + clientQueue + " events behind");
        }
        for (EventClient client : clients) {
            client.wake();
        }
        return id;
    }

    /**
     * Connects a client: with {@code lastEventId} null it gets events from now on; with an id still
     * in the buffer (or the newest one) every later event; otherwise a {@code reset} event first.
     * Answers null when the node already serves {@code maxClients} streams.
     */
    Start subscribe(EventClient client, Long lastEventId) {
        Start start;
        synchronized (lock) {
            if (clients.size() >= maxClients) {
                return null;
            }
            long oldest = oldestId();
            client.control(CONNECTED);
            if (lastEventId == null) {
                start = Start.LIVE;
                client.startAt(lastId + 1, clock.getAsLong());
            } else if (lastEventId >= oldest - 1 && lastEventId <= lastId) {
                start = Start.REPLAY;
                client.startAt(lastEventId + 1, clock.getAsLong());
            } else {
                start = Start.RESET;
                client.startAt(lastId + 1, clock.getAsLong());
                client.control(reset(lastEventId, oldest));
            }
            clients.add(client);
        }
        client.wake();
        return start;
    }

    // Its id is the newest event's: a client that reconnects with it continues from here.
    private byte[] reset(long requested, long oldest) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("lastEventId", requested);
        data.put("oldest", oldest <= lastId ? oldest : null);
        data.put("newest", oldest <= lastId ? lastId : null);
        data.put("detail", "events after " + requested + " are no longer kept: reload the state, then follow from here");
        return StreamEvent.frame(lastId, EventTypes.RESET, EventTypes.json(data));
    }

    /** Events from {@code fromId} on, up to about {@code maxBytes} of frames of every type. */
    Batch read(long fromId, int maxBytes) {
        return read(fromId, maxBytes, type -> true);
    }

    /**
     * Events from {@code fromId} on, up to about {@code maxBytes} of frames of the types
     * {@code wanted}; the others are in the batch (the cursor passes them) but never framed.
     */
    Batch read(long fromId, int maxBytes, Predicate<String> wanted) {
        synchronized (lock) {
            if (fromId < oldestId()) {
                return new Batch(List.of(), fromId, true);
            }
            List<StreamEvent> events = new ArrayList<>();
            long id = fromId;
            int bytes = 0;
            while (id <= lastId && (bytes < maxBytes || events.isEmpty())) {
                StreamEvent event = ring[index(id)];
                events.add(event);
                if (wanted.test(event.type())) {
                    bytes += event.frame().length;
                }
                id++;
            }
            return new Batch(events, id, false);
        }
    }

    /** Sends a keepalive comment to every client written nothing for the keepalive period. */
    void keepalive() {
        long now = clock.getAsLong();
        for (EventClient client : clients) {
            if (now - client.lastWriteMillis() >= keepaliveMillis && !client.hasControls()) {
                client.control(KEEPALIVE);
                client.wake();
            }
        }
    }

    /** Forgets the client and ends its response (on the writer, not the caller's thread). */
    void drop(EventClient client, String why) {
        if (clients.remove(client)) {
            synchronized (lock) {
                dropped++;
            }
            LOG.info("Event stream {} dropped: {}", client, why);
        }
        writer.execute(client::close);
    }

    /** The client left (the server ended its request): forget it quietly. */
    void leave(EventClient client) {
        clients.remove(client);
        client.close();
    }

    /** Ends every stream (the component stops). */
    void closeAll() {
        for (EventClient client : clients) {
            leave(client);
        }
    }

    int maxClients() {
        return maxClients;
    }

    int clientCount() {
        return clients.size();
    }

    long droppedCount() {
        synchronized (lock) {
            return dropped;
        }
    }

    long lastId() {
        synchronized (lock) {
            return lastId;
        }
    }

    // The oldest id still in the ring; lastId + 1 while it is empty.
    private long oldestId() {
        return Math.max(firstId, lastId + 1 - ring.length);
    }

    private int index(long id) {
        return (int) Math.floorMod(id, (long) ring.length);
    }
}
