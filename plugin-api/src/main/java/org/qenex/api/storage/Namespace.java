package org.qenex.api.storage;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A named, ordered key-value map inside the {@link Store}, seen through a pair of codecs.
 *
 * <p>Entries are ordered by the unsigned byte order of their encoded keys. Reads see only
 * committed batches, and a batch either is visible whole or not at all. Scans return a list of at
 * most {@code limit} entries, so that no caller holds the store open while it iterates; to read
 * more, scan again from after the last key returned.
 *
 * <p>Writes go through {@link Batch}; {@link #put} and {@link #delete} are one-entry batches.
 *
 * @param <K> key type
 * @param <V> value type
 * @since 1.0.0
 */
@ProviderType
public interface Namespace<K, V> {

    /** The namespace's name. */
    String name();

    /** The compression applied to values written from now on. */
    Compression compression();

    /** The value stored under {@code key}, if any. */
    Optional<V> get(K key);

    /** Whether a value is stored under {@code key}. */
    boolean contains(K key);

    /**
     * Entries with {@code fromInclusive <= key < toExclusive}, in order.
     *
     * @param fromInclusive the first key, or {@code null} to start at the first entry
     * @param toExclusive the end, or {@code null} to run to the last entry
     * @param limit the most entries returned, at least 1
     */
    List<KeyValue<K, V>> range(K fromInclusive, K toExclusive, int limit);

    /** Entries whose encoded key starts with the encoding of {@code prefix}, in order. */
    List<KeyValue<K, V>> prefix(K prefix, int limit);

    /** How many entries the namespace holds. */
    long count();

    /** How many entries {@link #range} would return without a limit. */
    long count(K fromInclusive, K toExclusive);

    /** Stores one value durably: a batch of one put. */
    void put(K key, V value);

    /** Deletes one key durably: a batch of one delete. Deleting a missing key is not an error. */
    void delete(K key);

    /** The same namespace seen through other codecs. */
    <K2, V2> Namespace<K2, V2> as(Codec<K2> keyCodec, Codec<V2> valueCodec);
}
