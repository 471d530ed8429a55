package org.qenex.storage.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.locks.StampedLock;

import org.qenex.api.storage.NamespaceStatistics;
import org.qenex.storage.internal.index.IndexState;
import org.qenex.storage.internal.index.IndexWriter;
import org.qenex.storage.internal.index.IndexWriter.NamespaceState;

/**
 * Reads from the index, through the read cache. Each read holds the read side of the engine's
 * {@code visibility} lock, under whose write side batches are applied, so it sees a batch whole or
 * not at all.
 */
final class IndexReads {

    private final IndexWriter writer;
    private final ReadCache cache;
    private final StampedLock visibility;

    IndexReads(IndexWriter writer, ReadCache cache, StampedLock visibility) {
        this.writer = writer;
        this.cache = cache;
        this.visibility = visibility;
    }

    /** The value (decompressed) under {@code key}, or {@code null}. Callers must not modify it. */
    byte[] get(NamespaceState ns, byte[] key) {
        ReadCache.Key cacheKey = new ReadCache.Key(ns.id, key);
        long stamp = visibility.readLock();
        try {
            byte[] value = cache.get(cacheKey);
            if (value == null) {
                byte[] held = ns.map.get(key);
                if (held == null) {
                    return null;
                }
                value = StoredValues.decode(ns.stored(held));
                cache.put(cacheKey, value);
            }
            return value;
        } finally {
            visibility.unlockRead(stamp);
        }
    }

    /** Up to {@code limit} (key, value) pairs with {@code from <= key < to}; null bounds are open. */
    List<byte[][]> scan(NamespaceState ns, byte[] from, byte[] to, int limit) {
        List<byte[][]> out = new ArrayList<>(Math.min(limit, 1024));
        long stamp = visibility.readLock();
        try {
            for (Map.Entry<byte[], byte[]> e : slice(ns, from, to).entrySet()) {
                // a copy of the key: MapDB's own array sits in a node the index's node cache may hold,
                // and a namespace's codec (a plugin's) gets what this returns
                out.add(new byte[][] {e.getKey().clone(), StoredValues.decode(ns.stored(e.getValue()))});
                if (out.size() >= limit) {
                    break;
                }
            }
        } finally {
            visibility.unlockRead(stamp);
        }
        return out;
    }

    private static NavigableMap<byte[], byte[]> slice(NamespaceState ns, byte[] from, byte[] to) {
        if (from != null && to != null) {
            if (Arrays.compareUnsigned(from, to) >= 0) {
                return Collections.emptyNavigableMap();
            }
            return ns.map.subMap(from, true, to, false);
        }
        if (from != null) {
            return ns.map.tailMap(from, true);
        }
        if (to != null) {
            return ns.map.headMap(to, false);
        }
        return ns.map;
    }

    long count(NamespaceState ns) {
        long stamp = visibility.readLock();
        try {
            return ns.entries();
        } finally {
            visibility.unlockRead(stamp);
        }
    }

    /** Keys with {@code from <= key < to}; null bounds are open. */
    long count(NamespaceState ns, byte[] from, byte[] to) {
        if (from == null && to == null) {
            return count(ns);
        }
        long stamp = visibility.readLock();
        try {
            long n = 0;
            for (var it = slice(ns, from, to).keySet().iterator(); it.hasNext(); it.next()) {
                n++;
            }
            return n;
        } finally {
            visibility.unlockRead(stamp);
        }
    }

    /** Per-namespace figures, consistent with one another. */
    List<NamespaceStatistics> namespaceStatistics() {
        List<NamespaceStatistics> namespaces = new ArrayList<>();
        long stamp = visibility.readLock();
        try {
            for (IndexState.NamespaceFigures f : writer.state().namespaces()) {
                namespaces.add(new NamespaceStatistics(f.name(), f.compression(), f.entries(), f.keyBytes(), f.valueBytes(),
                        f.storedBytes()));
            }
        } finally {
            visibility.unlockRead(stamp);
        }
        return namespaces;
    }
}
