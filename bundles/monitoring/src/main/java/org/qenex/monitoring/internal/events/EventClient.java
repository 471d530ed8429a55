package org.qenex.monitoring.internal.events;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected stream. It holds no copy of the events: its queue is its cursor into the
 * {@link EventHub}'s shared buffer (the next id to write), so a hundred clients cost a hundred
 * cursors, not a hundred copies. Writing is non-blocking and happens on the stream's executor (or on
 * the server's thread when the connection can take more, {@link #resume()}), one pass at a time.
 */
final class EventClient {

    private static final Logger LOG = LoggerFactory.getLogger(EventClient.class);

    /** Bytes written per pass before the output is flushed, so one busy client cannot hog the writer. */
    static final int CHUNK_BYTES = 32 * 1024;

    private final EventHub hub;
    private final EventSink sink;
    private final Set<String> types;
    private final Executor writer;
    private final String name;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    // Comments, the reset event: few, written before the next events.
    private final Queue<byte[]> controls = new ConcurrentLinkedQueue<>();
    private volatile long cursor;
    private volatile long lastWriteMillis;
    private volatile boolean closed;
    private boolean unflushed;

    /** {@code types} empty: every type. */
    EventClient(EventHub hub, EventSink sink, Set<String> types, Executor writer, String name) {
        this.hub = hub;
        this.sink = sink;
        this.types = Set.copyOf(types);
        this.writer = writer;
        this.name = name;
    }

    long cursor() {
        return cursor;
    }

    void startAt(long nextId, long nowMillis) {
        cursor = nextId;
        lastWriteMillis = nowMillis;
    }

    boolean closed() {
        return closed;
    }

    long lastWriteMillis() {
        return lastWriteMillis;
    }

    boolean wants(String type) {
        return types.isEmpty() || types.contains(type);
    }

    /** Queues a comment or control event, written before the next events. */
    void control(byte[] frame) {
        controls.add(frame);
    }

    boolean hasControls() {
        return !controls.isEmpty();
    }

    /** Asks the writer to write what is pending; never blocks, at most one pass queued. */
    void wake() {
        if (!closed && scheduled.compareAndSet(false, true)) {
            writer.execute(() -> {
                scheduled.set(false);
                pump();
            });
        }
    }

    /** The connection can take more (the server's callback after {@link EventSink#isReady()} said no). */
    void resume() {
        pump();
    }

    /** Writes until nothing is pending or the connection cannot take more. */
    synchronized void pump() {
        try {
            while (!closed) {
                if (!sink.isReady()) {
                    return; // the sink calls resume() when it can take more
                }
                if (unflushed) {
                    unflushed = false;
                    sink.flush();
                    continue;
                }
                byte[] chunk = nextChunk();
                if (chunk == null) {
                    return;
                }
                sink.write(chunk);
                unflushed = true;
                lastWriteMillis = hub.nowMillis();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Event stream {}: writing failed, client gone", name, e);
            hub.drop(this, "writing failed: " + e);
        }
    }

    private byte[] nextChunk() {
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        for (byte[] control = controls.poll(); control != null; control = controls.poll()) {
            chunk.writeBytes(control);
        }
        EventHub.Batch batch = hub.read(cursor, CHUNK_BYTES - chunk.size(), this::wants);
        if (batch.overrun()) {
            // The buffer moved past this client's cursor: it would miss events without knowing.
            hub.drop(this, "fell behind the replay buffer");
            return null;
        }
        for (StreamEvent event : batch.events()) {
            if (wants(event.type())) {
                chunk.writeBytes(event.frame());
            }
        }
        cursor = batch.nextId();
        return chunk.size() == 0 ? null : chunk.toByteArray();
    }

    /** Marks the client gone and ends its response; idempotent. */
    void close() {
        if (!closed) {
            closed = true;
            controls.clear();
            sink.close();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
