package org.qenex.network.internal.peer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A set that forgets its oldest entries beyond a capacity: what a peer or the node has seen,
 * bounded so a peer announcing millions of hashes costs a fixed amount of memory. Not thread-safe.
 */
final class RecentSet<T> {

    private final Map<T, Boolean> entries;

    RecentSet(int capacity) {
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<T, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Adds {@code entry}; whether it was new. */
    boolean add(T entry) {
        return entries.put(entry, Boolean.TRUE) == null;
    }

    boolean contains(T entry) {
        return entries.containsKey(entry);
    }

    boolean remove(T entry) {
        return entries.remove(entry) != null;
    }

    int size() {
        return entries.size();
    }
}
