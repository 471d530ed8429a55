package org.qenex.storage.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded least-recently-used cache of decoded values, split into stripes to keep lock
 * contention low. Its bound is the sum of the cached values' sizes.
 *
 * <p>The store fills it only under its read lock and invalidates it under its write lock, so the
 * cache never holds a value that a committed batch has replaced.
 */
final class ReadCache {

    private static final int STRIPES = 16;
    private static final int ENTRY_OVERHEAD = 64;

    record Key(int namespace, byte[] key) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.namespace == namespace && Arrays.equals(k.key, key);
        }

        @Override
        public int hashCode() {
            return 31 * namespace + Arrays.hashCode(key);
        }
    }

    private final Stripe[] stripes = new Stripe[STRIPES];
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    ReadCache(long maxBytes) {
        long perStripe = Math.max(0, maxBytes / STRIPES);
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe(perStripe);
        }
    }

    private Stripe stripe(Key key) {
        int h = key.hashCode();
        return stripes[(h ^ (h >>> 16)) & (STRIPES - 1)];
    }

    /** The cached value, counting a hit or a miss. */
    byte[] get(Key key) {
        byte[] value = stripe(key).get(key);
        if (value == null) {
            misses.increment();
        } else {
            hits.increment();
        }
        return value;
    }

    void put(Key key, byte[] value) {
        stripe(key).put(key, value);
    }

    void invalidate(Key key) {
        stripe(key).remove(key);
    }

    void clear() {
        for (Stripe s : stripes) {
            s.clear();
        }
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }

    long entries() {
        long n = 0;
        for (Stripe s : stripes) {
            n += s.size();
        }
        return n;
    }

    long bytes() {
        long n = 0;
        for (Stripe s : stripes) {
            n += s.bytes();
        }
        return n;
    }

    private static final class Stripe {
        private final long maxBytes;
        private long bytes;
        private final LinkedHashMap<Key, byte[]> map = new LinkedHashMap<>(64, 0.75f, true);

        Stripe(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        synchronized byte[] get(Key key) {
            return map.get(key);
        }

        synchronized void put(Key key, byte[] value) {
            long size = cost(key, value);
            if (size > maxBytes) {
                return;
            }
            byte[] old = map.put(key, value);
            if (old != null) {
                bytes -= cost(key, old);
            }
            bytes += size;
            var it = map.entrySet().iterator();
            while (bytes > maxBytes && it.hasNext()) {
                Map.Entry<Key, byte[]> eldest = it.next();
                bytes -= cost(eldest.getKey(), eldest.getValue());
                it.remove();
            }
        }

        synchronized void remove(Key key) {
            byte[] old = map.remove(key);
            if (old != null) {
                bytes -= cost(key, old);
            }
        }

        synchronized void clear() {
            map.clear();
            bytes = 0;
        }

        synchronized int size() {
            return map.size();
        }

        synchronized long bytes() {
            return bytes;
        }

        private static long cost(Key key, byte[] value) {
            return (long) key.key().length + value.length + ENTRY_OVERHEAD;
        }
    }
}
