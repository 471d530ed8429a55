package org.qenex.chain.internal;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.qenex.api.storage.Batch;
import org.qenex.api.storage.Codec;
import org.qenex.api.storage.Compression;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.Store;
import org.qenex.api.storage.StoreStatistics;

/**
 * A store that counts its batch commits and remembers the largest, and can make each take a while
 * as a disk flush does: for tests of how many commits a path makes (group commit, batched
 * admission) and how large they get, and counts the writes per namespace.
 */
public final class CommitCountingStore implements Store {

    /** Batch commits so far (tests may reset it). */
    public final AtomicLong commits = new AtomicLong();
    /** The most operations one committed batch held so far (tests may reset it). */
    public final AtomicLong largestBatch = new AtomicLong();
    /** Puts and deletes queued into batches so far, per namespace name (committed or not). */
    public final ConcurrentHashMap<String, AtomicLong> writes = new ConcurrentHashMap<>();
    private final Store store;
    private final long commitMillis;

    public CommitCountingStore(Store store) {
        this(store, 0);
    }

    /** Each commit first sleeps {@code commitMillis}. */
    public CommitCountingStore(Store store, long commitMillis) {
        this.store = store;
        this.commitMillis = commitMillis;
    }

    @Override
    public <K, V> Namespace<K, V> namespace(String name, Codec<K> keys, Codec<V> values) {
        return store.namespace(name, keys, values);
    }

    @Override
    public <K, V> Namespace<K, V> namespace(String name, Compression compression, Codec<K> keys, Codec<V> values) {
        return store.namespace(name, compression, keys, values);
    }

    @Override
    public List<String> namespaces() {
        return store.namespaces();
    }

    @Override
    public StoreStatistics statistics() {
        return store.statistics();
    }

    @Override
    public boolean drop(String name) {
        return store.drop(name);
    }

    @Override
    public Batch batch() {
        Batch inner = store.batch();
        return new Batch() {
            @Override
            public <K, V> Batch put(Namespace<K, V> namespace, K key, V value) {
                inner.put(namespace, key, value);
                written(namespace);
                return this;
            }

            @Override
            public <K, V> Batch delete(Namespace<K, V> namespace, K key) {
                inner.delete(namespace, key);
                written(namespace);
                return this;
            }

            @Override
            public int size() {
                return inner.size();
            }

            @Override
            public long commit() {
                commits.incrementAndGet();
                largestBatch.accumulateAndGet(inner.size(), Math::max);
                if (commitMillis > 0) {
                    try {
                        Thread.sleep(commitMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return inner.commit();
            }
        };
    }

    /** Puts and deletes of {@code namespace} queued so far. */
    public long writes(String namespace) {
        AtomicLong count = writes.get(namespace);
        return count == null ? 0 : count.get();
    }

    private void written(Namespace<?, ?> namespace) {
        writes.computeIfAbsent(namespace.name(), name -> new AtomicLong()).incrementAndGet();
    }
}
