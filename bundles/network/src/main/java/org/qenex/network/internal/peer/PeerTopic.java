package org.qenex.network.internal.peer;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.qenex.api.event.QenexTopics;

/**
 * Posts peer connections, disconnections and bans on {@link QenexTopics#PEER}. Asynchronous
 * ({@code postEvent}): called on Netty's event loop, which must never wait for a handler.
 */
public final class PeerTopic {

    private final Supplier<EventAdmin> eventAdmin;

    public PeerTopic(Supplier<EventAdmin> eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    void connected(String key, String address) {
        post(key, address, "connected", null);
    }

    void disconnected(String key, String address, String cause) {
        post(key, address, "disconnected", cause);
    }

    /** {@code key}: the banned node key, or for an address or host ban the key of a peer connected from it, if any. */
    void banned(String key, String host, String reason) {
        post(key, host, "banned", reason);
    }

    private void post(String key, String address, String state, String cause) {
        EventAdmin events = eventAdmin.get();
        if (events == null) {
            return;
        }
        // EventAdmin's properties cannot hold null: an unknown value is left out (null in the event stream).
        Map<String, Object> properties = new HashMap<>();
        properties.put(QenexTopics.NAME, address);
        properties.put(QenexTopics.STATE, state);
        if (key != null) {
            properties.put(QenexTopics.ID, key);
        }
        if (cause != null) {
            properties.put(QenexTopics.CAUSE, cause);
        }
        events.postEvent(new Event(QenexTopics.PEER, properties));
    }
}
