package org.qenex.network.internal.peer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which (host, cause) pairs were logged, so a misbehaving or refused peer is logged once
 * per cause, not once per message or reconnect. Bounded: the oldest pairs are forgotten first.
 */
final class OnceLog {

    private static final int MAX = 10_000;

    private final Map<String, Boolean> seen = new LinkedHashMap<>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX;
        }
    };

    /** Whether this is the first time for {@code host} and {@code cause}. */
    synchronized boolean first(String host, String cause) {
        return seen.put(host + "\n" + cause, Boolean.TRUE) == null;
    }

    synchronized void forget(String host) {
        seen.keySet().removeIf(key -> key.startsWith(host + "\n"));
    }
}
