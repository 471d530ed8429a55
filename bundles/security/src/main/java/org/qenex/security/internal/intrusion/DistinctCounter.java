package org.qenex.security.internal.intrusion;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Counts distinct values (paths) per key seen in a sliding time window; bounded like {@link WindowCounter}. */
final class DistinctCounter {

    private final long windowMillis;
    private final int maxKeys;
    private final int maxValuesPerKey;
    /** Per key: value to when it was last seen, least recently seen first. */
    private final Map<String, LinkedHashMap<String, Long>> seen = new HashMap<>();

    DistinctCounter(long windowMillis, int maxKeys, int maxValuesPerKey) {
        this.windowMillis = windowMillis;
        this.maxKeys = maxKeys;
        this.maxValuesPerKey = maxValuesPerKey;
    }

    /** Records {@code value} for {@code key} at {@code now}; returns the distinct values in the window. */
    synchronized int add(String key, String value, long now) {
        LinkedHashMap<String, Long> values = seen.get(key);
        if (values == null) {
            if (seen.size() >= maxKeys) {
                return 0;
            }
            values = new LinkedHashMap<>(16, 0.75f, true);
            seen.put(key, values);
        }
        prune(values, now);
        values.put(value, now);
        if (values.size() > maxValuesPerKey) {
            Iterator<String> oldest = values.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return values.size();
    }

    synchronized void forget(String key) {
        seen.remove(key);
    }

    synchronized void sweep(long now) {
        Iterator<LinkedHashMap<String, Long>> it = seen.values().iterator();
        while (it.hasNext()) {
            LinkedHashMap<String, Long> values = it.next();
            prune(values, now);
            if (values.isEmpty()) {
                it.remove();
            }
        }
    }

    private void prune(LinkedHashMap<String, Long> values, long now) {
        Iterator<Long> times = values.values().iterator();
        while (times.hasNext()) {
            if (times.next() > now - windowMillis) {
                break;
            }
            times.remove();
        }
    }
}
