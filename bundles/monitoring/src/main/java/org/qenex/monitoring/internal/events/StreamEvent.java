package org.qenex.monitoring.internal.events;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * One event of the stream, framed for every client: {@code id}, {@code event} and one {@code data}
 * line of JSON, then the blank line that ends a server-sent event.
 *
 * <p>The frame is made the first time a client reads the event, once for all clients: most of a
 * busy node's events are its confirmed transactions (a block of 5,000 transfers is 5,001 events),
 * and rendering each to JSON when published cost the EventAdmin thread most of its time even when
 * no client asked for that type (the network load benchmark follows {@code block} events only).
 */
final class StreamEvent {

    private final long id;
    private final String type;
    // the data line's JSON until the frame is made (then null); guarded by this
    private Supplier<String> json;
    private volatile byte[] frame;

    private StreamEvent(long id, String type, Supplier<String> json, byte[] frame) {
        this.id = id;
        this.type = type;
        this.json = json;
        this.frame = frame;
    }

    /** An event framed now. */
    static StreamEvent of(long id, String type, String json) {
        return new StreamEvent(id, type, null, frame(id, type, json));
    }

    /** An event framed when first read: {@code json} is called at most once, on a reader's thread. */
    static StreamEvent deferred(long id, String type, Supplier<String> json) {
        return new StreamEvent(id, type, json, null);
    }

    static byte[] frame(long id, String type, String json) {
        return ("id: " + id + "\nevent: " + type + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    long id() {
        return id;
    }

    String type() {
        return type;
    }

    /** Whether the frame was made (for tests: an event nobody read costs no JSON). */
    boolean framed() {
        return frame != null;
    }

    byte[] frame() {
        byte[] made = frame;
        if (made == null) {
            synchronized (this) {
                made = frame;
                if (made == null) {
                    made = frame(id, type, json.get());
                    frame = made;
                    json = null;
                }
            }
        }
        return made;
    }
}
