package org.qenex.api.storage.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.qenex.api.storage.Batch;
import org.qenex.api.storage.Codec;
import org.qenex.api.storage.Compression;
import org.qenex.api.storage.InvalidInputException;
import org.qenex.api.storage.KeyValue;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.Store;
import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.StoreStatistics;
import org.qenex.api.storage.StoreUnavailableException;

/**
 * A {@link Store} in memory for the unit tests of the bundles that use storage: keys in unsigned
 * byte order, all-or-nothing batches within the store's limits (a batch over
 * {@link Store#MAX_BATCH_OPERATIONS} or {@link Store#MAX_BATCH_BYTES} fails at commit and changes
 * nothing, as the node's store refuses it), values copied in and out, no durability. Shipped in
 * plugin-api's test jar so that every bundle tests against the same double.
 */
public final class MemoryStore implements Store {

    private final Map<String, TreeMap<byte[], byte[]>> data = new ConcurrentHashMap<>();
    private long position;
    /** How many batches were committed (tests use it to fail one on purpose). */
    public volatile int failCommitAt = -1;
    /** Point reads ({@code get}, {@code contains}) per namespace name, for tests of which paths read the store. */
    public final Map<String, AtomicLong> pointReads = new ConcurrentHashMap<>();

    @Override
    public <K, V> Namespace<K, V> namespace(String name, Codec<K> keyCodec, Codec<V> valueCodec) {
        data.computeIfAbsent(name, n -> new TreeMap<>(Arrays::compareUnsigned));
        return new MemoryNamespace<>(name, keyCodec, valueCodec);
    }

    @Override
    public <K, V> Namespace<K, V> namespace(String name, Compression compression, Codec<K> keyCodec, Codec<V> valueCodec) {
        return namespace(name, keyCodec, valueCodec);
    }

    @Override
    public List<String> namespaces() {
        return new ArrayList<>(new TreeSet<>(data.keySet()));
    }

    @Override
    public Batch batch() {
        return new MemoryBatch();
    }

    @Override
    public StoreStatistics statistics() {
        return new StoreStatistics(List.of(), 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** Forgets the namespace; handles to it then fail as the node's store's do. No ownership: one bundle's double. */
    @Override
    public boolean drop(String name) {
        return data.remove(name) != null;
    }

    private final class MemoryBatch implements Batch {
        private final List<Object[]> ops = new ArrayList<>();

        @Override
        public <K, V> Batch put(Namespace<K, V> namespace, K key, V value) {
            MemoryNamespace<K, V> ns = (MemoryNamespace<K, V>) namespace;
            ops.add(new Object[] {ns.name, ns.key(key), ns.values.encode(value)});
            return this;
        }

        @Override
        public <K, V> Batch delete(Namespace<K, V> namespace, K key) {
            MemoryNamespace<K, V> ns = (MemoryNamespace<K, V>) namespace;
            ops.add(new Object[] {ns.name, ns.key(key), null});
            return this;
        }

        @Override
        public int size() {
            return ops.size();
        }

        @Override
        public long commit() {
            synchronized (MemoryStore.this) {
                if (failCommitAt == 0) {
                    failCommitAt = -1;
                    throw new StoreUnavailableException("injected", "injected failure");
                }
                if (failCommitAt > 0) {
                    failCommitAt--;
                }
                long bytes = 0;
                for (Object[] op : ops) {
                    bytes += ((byte[]) op[1]).length + (op[2] == null ? 0 : ((byte[]) op[2]).length);
                }
                if (ops.size() > Store.MAX_BATCH_OPERATIONS || bytes > Store.MAX_BATCH_BYTES) {
                    throw new InvalidInputException(StorageException.BATCH_TOO_LARGE, "a batch holds at most "
                            + Store.MAX_BATCH_OPERATIONS + " operations and " + Store.MAX_BATCH_BYTES + " bytes, not " + ops.size()
                            + " and " + bytes);
                }
                for (Object[] op : ops) {
                    if (!data.containsKey((String) op[0])) {
                        throw new InvalidInputException(StorageException.INVALID_NAMESPACE, "namespace " + op[0] + " does not exist");
                    }
                }
                for (Object[] op : ops) {
                    TreeMap<byte[], byte[]> map = data.get((String) op[0]);
                    if (op[2] == null) {
                        map.remove((byte[]) op[1]);
                    } else {
                        map.put((byte[]) op[1], (byte[]) op[2]);
                    }
                }
                return ++position;
            }
        }
    }

    private final class MemoryNamespace<K, V> implements Namespace<K, V> {
        final String name;
        final Codec<K> keys;
        final Codec<V> values;

        MemoryNamespace(String name, Codec<K> keys, Codec<V> values) {
            this.name = name;
            this.keys = keys;
            this.values = values;
        }

        /** The encoded key, within the limits {@link Store} promises to check. */
        byte[] key(K key) {
            byte[] encoded = keys.encode(key);
            if (encoded.length == 0) {
                throw new InvalidInputException(StorageException.KEY_EMPTY, "a key has at least one byte");
            }
            if (encoded.length > Store.MAX_KEY_BYTES) {
                throw new InvalidInputException(StorageException.KEY_TOO_LARGE,
                        "a key has at most " + Store.MAX_KEY_BYTES + " bytes, not " + encoded.length);
            }
            return encoded;
        }

        private TreeMap<byte[], byte[]> map() {
            TreeMap<byte[], byte[]> map = data.get(name);
            if (map == null) {
                throw new InvalidInputException(StorageException.INVALID_NAMESPACE, "namespace " + name + " does not exist");
            }
            return map;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Compression compression() {
            return Compression.NONE;
        }

        @Override
        public Optional<V> get(K key) {
            pointReads.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet();
            synchronized (MemoryStore.this) {
                byte[] v = map().get(key(key));
                return v == null ? Optional.empty() : Optional.of(values.decode(v.clone()));
            }
        }

        @Override
        public boolean contains(K key) {
            pointReads.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet();
            synchronized (MemoryStore.this) {
                return map().containsKey(key(key));
            }
        }

        @Override
        public List<KeyValue<K, V>> range(K fromInclusive, K toExclusive, int limit) {
            synchronized (MemoryStore.this) {
                List<KeyValue<K, V>> out = new ArrayList<>();
                Map<byte[], byte[]> view = map();
                if (fromInclusive != null) {
                    view = ((TreeMap<byte[], byte[]>) view).tailMap(keys.encode(fromInclusive), true);
                }
                byte[] to = toExclusive == null ? null : keys.encode(toExclusive);
                for (Map.Entry<byte[], byte[]> e : view.entrySet()) {
                    if (out.size() >= limit || to != null && Arrays.compareUnsigned(e.getKey(), to) >= 0) {
                        break;
                    }
                    out.add(new KeyValue<>(keys.decode(e.getKey().clone()), values.decode(e.getValue().clone())));
                }
                return out;
            }
        }

        @Override
        public List<KeyValue<K, V>> prefix(K prefix, int limit) {
            synchronized (MemoryStore.this) {
                byte[] p = keys.encode(prefix);
                List<KeyValue<K, V>> out = new ArrayList<>();
                for (Map.Entry<byte[], byte[]> e : map().tailMap(p, true).entrySet()) {
                    if (out.size() >= limit || e.getKey().length < p.length
                            || !Arrays.equals(e.getKey(), 0, p.length, p, 0, p.length)) {
                        break;
                    }
                    out.add(new KeyValue<>(keys.decode(e.getKey().clone()), values.decode(e.getValue().clone())));
                }
                return out;
            }
        }

        @Override
        public long count() {
            synchronized (MemoryStore.this) {
                return map().size();
            }
        }

        @Override
        public long count(K fromInclusive, K toExclusive) {
            return range(fromInclusive, toExclusive, Integer.MAX_VALUE).size();
        }

        @Override
        public void put(K key, V value) {
            batch().put(this, key, value).commit();
        }

        @Override
        public void delete(K key) {
            batch().delete(this, key).commit();
        }

        @Override
        public <K2, V2> Namespace<K2, V2> as(Codec<K2> keyCodec, Codec<V2> valueCodec) {
            return new MemoryNamespace<>(name, keyCodec, valueCodec);
        }
    }
}
