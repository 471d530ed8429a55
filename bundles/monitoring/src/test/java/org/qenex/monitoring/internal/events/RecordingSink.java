package org.qenex.monitoring.internal.events;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A client's connection in tests: records what is written; can be stalled like a client that stops reading. */
class RecordingSink implements EventSink {

    /** One server-sent event as the client parses it; a comment has only {@code comment}. */
    record Frame(Long id, String event, String data, String comment) {
    }

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private volatile boolean ready = true;
    private volatile boolean closed;
    private int flushes;

    void stall() {
        ready = false;
    }

    @Override
    public synchronized boolean isReady() {
        return ready && !closed;
    }

    @Override
    public synchronized void write(byte[] bytes) {
        if (!ready) {
            throw new IllegalStateException("written while not ready");
        }
        written.writeBytes(bytes);
    }

    @Override
    public synchronized void flush() {
        flushes++;
    }

    @Override
    public void close() {
        closed = true;
    }

    boolean closed() {
        return closed;
    }

    synchronized int flushes() {
        return flushes;
    }

    synchronized String text() {
        return written.toString(StandardCharsets.UTF_8);
    }

    /** The frames written so far, parsed as an EventSource would. */
    List<Frame> frames() {
        List<Frame> frames = new ArrayList<>();
        for (String block : text().split("\n\n")) {
            if (block.isEmpty()) {
                continue;
            }
            Long id = null;
            String event = null;
            String data = null;
            String comment = null;
            for (String line : block.split("\n")) {
                if (line.startsWith(":")) {
                    comment = line.substring(1).strip();
                } else if (line.startsWith("id: ")) {
                    id = Long.parseLong(line.substring(4));
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    if (data != null) {
                        throw new AssertionError("more than one data line: " + block);
                    }
                    data = line.substring(6);
                } else {
                    throw new AssertionError("unexpected line '" + line + "' in " + block);
                }
            }
            frames.add(new Frame(id, event, data, comment));
        }
        return frames;
    }

    List<Frame> events() {
        return frames().stream().filter(f -> f.event() != null).toList();
    }
}
