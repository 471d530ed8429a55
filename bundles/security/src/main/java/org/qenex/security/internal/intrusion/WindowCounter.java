package org.qenex.security.internal.intrusion;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Counts events per key in a sliding time window. Bounded: once {@code maxKeys} keys are tracked,
 * new keys are not (so a flood of forged identities cannot exhaust the heap) until
 * {@link #sweep} frees the idle ones.
 */
final class WindowCounter {

    private final long windowMillis;
    private final int maxKeys;
    private final Map<String, ArrayDeque<Long>> events = new HashMap<>();

    WindowCounter(long windowMillis, int maxKeys) {
        this.windowMillis = windowMillis;
        this.maxKeys = maxKeys;
    }

    /** Records one event at {@code now}; returns how many the key had in the window ending now (0 if untracked). */
    synchronized int add(String key, long now) {
        ArrayDeque<Long> times = events.get(key);
        if (times == null) {
            if (events.size() >= maxKeys) {
                return 0;
            }
            times = new ArrayDeque<>();
            events.put(key, times);
        }
        prune(times, now);
        times.addLast(now);
        return times.size();
    }

    synchronized void forget(String key) {
        events.remove(key);
    }

    /** Drops keys with nothing left in their window. */
    synchronized void sweep(long now) {
        Iterator<ArrayDeque<Long>> it = events.values().iterator();
        while (it.hasNext()) {
            ArrayDeque<Long> times = it.next();
            prune(times, now);
            if (times.isEmpty()) {
                it.remove();
            }
        }
    }

    synchronized int keys() {
        return events.size();
    }

    private void prune(ArrayDeque<Long> times, long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
            times.removeFirst();
        }
    }
}
