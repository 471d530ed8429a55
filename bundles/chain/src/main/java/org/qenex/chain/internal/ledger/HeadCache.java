package org.qenex.chain.internal.ledger;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A bounded least-recently-used cache of stored records of the head's state, absent ones included
 * ({@code null} values). The chain stores a block's records in one batch, then applies them here;
 * between the two, the keys the batch writes are pinned to their old values, so that readers keep
 * seeing the state of the head they were shown; a load that began before an {@link #apply} is not
 * cached (it may hold the old value). Thread-safe.
 */
final class HeadCache<K, V> {

    private static final Object ABSENT = new Object();

    private final Map<K, Object> recent;
    private final Map<K, Object> pinned = new HashMap<>();
    private long applied;

    HeadCache(int capacity) {
        this.recent = new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Object> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The value for {@code key}, loading it from the store (outside the lock) when it is not cached. */
    @SuppressWarnings("unchecked")
    V get(K key, Function<K, V> load) {
        Object found;
        long generation;
        synchronized (this) {
            generation = applied;
            found = pinned.get(key);
            if (found == null) {
                found = recent.get(key);
            }
        }
        if (found == null) {
            V loaded = load.apply(key);
            found = loaded == null ? ABSENT : loaded;
            synchronized (this) {
                // a pin set meanwhile holds the value the head's readers must see
                Object pin = pinned.get(key);
                if (pin != null) {
                    found = pin;
                } else if (generation == applied) {
                    recent.put(key, found);
                }
            }
        }
        return found == ABSENT ? null : (V) found;
    }

    /** Pins {@code keys} to their current values, before a batch that writes them is committed. */
    void pin(Collection<K> keys, Function<K, V> load) {
        Map<K, Object> old = new HashMap<>();
        for (K key : keys) {
            V value = get(key, load);
            old.put(key, value == null ? ABSENT : value);
        }
        synchronized (this) {
            pinned.putAll(old);
        }
    }

    /** Pins keys to old values the caller already knows ({@code null}: absent), before a batch that writes them is committed. */
    synchronized void pinKnown(Map<K, V> old) {
        old.forEach((key, value) -> pinned.put(key, value == null ? ABSENT : value));
    }

    /** The batch failed: the store still holds the pinned values. */
    synchronized void unpin() {
        pinned.clear();
    }

    /** The batch is committed and the state shows it: the new values ({@code null}: absent) replace the pins. */
    synchronized void apply(Map<K, V> written) {
        pinned.clear();
        applied++;
        written.forEach((key, value) -> recent.put(key, value == null ? ABSENT : value));
    }

    synchronized void clear() {
        pinned.clear();
        applied++;
        recent.clear();
    }
}
