package org.qenex.monitoring.internal.events;

import java.nio.charset.StandardCharsets;

/**
 * One event of the stream, framed once for every client: {@code id}, {@code event} and one
 * {@code data} line of JSON, then the blank line that ends a server-sent event.
 */
record StreamEvent(long id, String type, byte[] frame) {

    static StreamEvent of(long id, String type, String json) {
        return new StreamEvent(id, type, frame(id, type, json));
    }

    static byte[] frame(long id, String type, String json) {
        return ("id: " + id + "\nevent: " + type + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
