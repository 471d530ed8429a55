package org.qenex.api.event.testing;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * An EventAdmin for tests outside the container: keeps every posted event in memory, in the order
 * posted, and fails the caller that sends one synchronously, because the node's publishers must never
 * wait for event handlers (a slow handler would stall the chain's writer, a judging job or Netty's
 * event loop). The failure says why, in the words of the test that uses it.
 */
public final class RecordingEventAdmin implements EventAdmin {

    private final String whySendFails;
    private final List<Event> posted = new ArrayList<>();

    /** {@code whySendFails}: the assertion message for a synchronous send, e.g. "an alert must never wait for handlers". */
    public RecordingEventAdmin(String whySendFails) {
        this.whySendFails = whySendFails;
    }

    @Override
    public synchronized void postEvent(Event event) {
        posted.add(event);
    }

    @Override
    public void sendEvent(Event event) {
        throw new AssertionError(whySendFails);
    }

    /** Every event posted so far, oldest first (a copy). */
    public synchronized List<Event> posted() {
        return List.copyOf(posted);
    }

    /** The events posted on {@code topic}, oldest first. */
    public synchronized List<Event> on(String topic) {
        return posted.stream().filter(event -> event.getTopic().equals(topic)).toList();
    }

    /** Forgets what was posted (a test's second phase). */
    public synchronized void clear() {
        posted.clear();
    }
}
