package org.qenex.storage.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.qenex.api.storage.Codec;
import org.qenex.api.storage.Compression;
import org.qenex.api.storage.InvalidInputException;
import org.qenex.api.storage.KeyValue;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.StorageException;

/**
 * A namespace seen through codecs. It names the namespace rather than holding it, and finds the
 * engine through {@code engine}, so it keeps working after the store reopens (restore, update).
 */
final class NamespaceHandle<K, V> implements Namespace<K, V> {

    private final Supplier<StorageEngine> engine;
    private final String name;
    private final Codec<K> keyCodec;
    private final Codec<V> valueCodec;

    NamespaceHandle(Supplier<StorageEngine> engine, String name, Codec<K> keyCodec, Codec<V> valueCodec) {
        this.engine = engine;
        this.name = name;
        this.keyCodec = require(keyCodec, "key codec");
        this.valueCodec = require(valueCodec, "value codec");
    }

    private static <T> T require(T value, String what) {
        if (value == null) {
            throw new InvalidInputException(StorageException.INVALID_ARGUMENT, what + " must not be null");
        }
        return value;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Compression compression() {
        return engine.get().compression(name);
    }

    byte[] encodeKey(K key) {
        return InputRules.key(encode(keyCodec, require(key, "key")));
    }

    byte[] encodeValue(V value) {
        return InputRules.value(encode(valueCodec, require(value, "value")));
    }

    private static <T> byte[] encode(Codec<T> codec, T value) {
        try {
            return codec.encode(value);
        } catch (RuntimeException e) {
            throw new InvalidInputException(StorageException.CODEC_FAILED, "codec failed to encode: " + e.getMessage(), e);
        }
    }

    private <T> T decode(Codec<T> codec, byte[] bytes) {
        try {
            return codec.decode(bytes);
        } catch (RuntimeException e) {
            throw new StorageException(StorageException.CODEC_FAILED,
                    "codec failed to decode an entry of namespace " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<V> get(K key) {
        byte[] raw = engine.get().get(name, encodeKey(key));
        return raw == null ? Optional.empty() : Optional.of(decode(valueCodec, raw));
    }

    @Override
    public boolean contains(K key) {
        return engine.get().get(name, encodeKey(key)) != null;
    }

    @Override
    public List<KeyValue<K, V>> range(K fromInclusive, K toExclusive, int limit) {
        InputRules.limit(limit);
        byte[] from = fromInclusive == null ? null : encodeKey(fromInclusive);
        byte[] to = toExclusive == null ? null : encodeKey(toExclusive);
        return decodeAll(engine.get().scan(name, from, to, limit));
    }

    @Override
    public List<KeyValue<K, V>> prefix(K prefix, int limit) {
        InputRules.limit(limit);
        byte[] from = encodeKey(prefix);
        return decodeAll(engine.get().scan(name, from, KeyRanges.prefixEnd(from), limit));
    }

    private List<KeyValue<K, V>> decodeAll(List<byte[][]> raw) {
        List<KeyValue<K, V>> out = new ArrayList<>(raw.size());
        for (byte[][] kv : raw) {
            out.add(new KeyValue<>(decode(keyCodec, kv[0]), decode(valueCodec, kv[1])));
        }
        return out;
    }

    @Override
    public long count() {
        return engine.get().count(name);
    }

    @Override
    public long count(K fromInclusive, K toExclusive) {
        byte[] from = fromInclusive == null ? null : encodeKey(fromInclusive);
        byte[] to = toExclusive == null ? null : encodeKey(toExclusive);
        return engine.get().count(name, from, to);
    }

    @Override
    public void put(K key, V value) {
        engine.get().commit(List.of(new BatchOp(name, encodeKey(key), encodeValue(value))));
    }

    @Override
    public void delete(K key) {
        engine.get().commit(List.of(new BatchOp(name, encodeKey(key), null)));
    }

    @Override
    public <K2, V2> Namespace<K2, V2> as(Codec<K2> keyCodec, Codec<V2> valueCodec) {
        return new NamespaceHandle<>(engine, name, keyCodec, valueCodec);
    }
}
