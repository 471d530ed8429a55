package org.qenex.ai.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.qenex.api.storage.Batch;
import org.qenex.api.storage.Codec;
import org.qenex.api.storage.Compression;
import org.qenex.api.storage.KeyValue;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.Store;
import org.qenex.api.storage.StoreStatistics;

/** A {@link Store} in memory for unit tests: byte-ordered keys, batches applied whole. */
public final class InMemoryStore implements Store {

    private final Map<String, TreeMap<Key, byte[]>> data = new TreeMap<>();

    record Key(byte[] bytes) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            return Arrays.compareUnsigned(bytes, other.bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    @Override
    public <K, V> Namespace<K, V> namespace(String name, Codec<K> keyCodec, Codec<V> valueCodec) {
        return namespace(name, Compression.NONE, keyCodec, valueCodec);
    }

    @Override
    public synchronized <K, V> Namespace<K, V> namespace(String name, Compression compression, Codec<K> keyCodec,
            Codec<V> valueCodec) {
        data.computeIfAbsent(name, n -> new TreeMap<>());
        return new MemoryNamespace<>(name, keyCodec, valueCodec);
    }

    @Override
    public synchronized List<String> namespaces() {
        return List.copyOf(data.keySet());
    }

    @Override
    public Batch batch() {
        return new MemoryBatch();
    }

    @Override
    public StoreStatistics statistics() {
        return new StoreStatistics(List.of(), 0, 0, 0, 0, 0, 0, 0, 0);
    }

    private final class MemoryBatch implements Batch {
        private final List<Runnable> operations = new ArrayList<>();

        @Override
        public <K, V> Batch put(Namespace<K, V> namespace, K key, V value) {
            MemoryNamespace<K, V> ns = (MemoryNamespace<K, V>) namespace;
            byte[] k = ns.keyCodec.encode(key);
            byte[] v = ns.valueCodec.encode(value);
            operations.add(() -> data.get(ns.name).put(new Key(k), v));
            return this;
        }

        @Override
        public <K, V> Batch delete(Namespace<K, V> namespace, K key) {
            MemoryNamespace<K, V> ns = (MemoryNamespace<K, V>) namespace;
            byte[] k = ns.keyCodec.encode(key);
            operations.add(() -> data.get(ns.name).remove(new Key(k)));
            return this;
        }

        @Override
        public int size() {
            return operations.size();
        }

        @Override
        public long commit() {
            synchronized (InMemoryStore.this) {
                operations.forEach(Runnable::run);
            }
            return 0;
        }
    }

    private final class MemoryNamespace<K, V> implements Namespace<K, V> {
        final String name;
        final Codec<K> keyCodec;
        final Codec<V> valueCodec;

        MemoryNamespace(String name, Codec<K> keyCodec, Codec<V> valueCodec) {
            this.name = name;
            this.keyCodec = keyCodec;
            this.valueCodec = valueCodec;
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
            synchronized (InMemoryStore.this) {
                byte[] v = data.get(name).get(new Key(keyCodec.encode(key)));
                return v == null ? Optional.empty() : Optional.of(valueCodec.decode(v.clone()));
            }
        }

        @Override
        public boolean contains(K key) {
            return get(key).isPresent();
        }

        @Override
        public List<KeyValue<K, V>> range(K fromInclusive, K toExclusive, int limit) {
            synchronized (InMemoryStore.this) {
                List<KeyValue<K, V>> result = new ArrayList<>();
                for (Map.Entry<Key, byte[]> e : data.get(name).entrySet()) {
                    if (fromInclusive != null && e.getKey().compareTo(new Key(keyCodec.encode(fromInclusive))) < 0) {
                        continue;
                    }
                    if (toExclusive != null && e.getKey().compareTo(new Key(keyCodec.encode(toExclusive))) >= 0) {
                        break;
                    }
                    result.add(new KeyValue<>(keyCodec.decode(e.getKey().bytes()), valueCodec.decode(e.getValue().clone())));
                    if (result.size() >= limit) {
                        break;
                    }
                }
                return result;
            }
        }

        @Override
        public List<KeyValue<K, V>> prefix(K prefix, int limit) {
            byte[] p = keyCodec.encode(prefix);
            synchronized (InMemoryStore.this) {
                List<KeyValue<K, V>> result = new ArrayList<>();
                for (Map.Entry<Key, byte[]> e : data.get(name).entrySet()) {
                    byte[] k = e.getKey().bytes();
                    if (k.length >= p.length && Arrays.equals(k, 0, p.length, p, 0, p.length)) {
                        result.add(new KeyValue<>(keyCodec.decode(k), valueCodec.decode(e.getValue().clone())));
                        if (result.size() >= limit) {
                            break;
                        }
                    }
                }
                return result;
            }
        }

        @Override
        public long count() {
            synchronized (InMemoryStore.this) {
                return data.get(name).size();
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
        public <K2, V2> Namespace<K2, V2> as(Codec<K2> keyCodec2, Codec<V2> valueCodec2) {
            return new MemoryNamespace<>(name, keyCodec2, valueCodec2);
        }
    }
}
