package org.qenex.api.storage;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's embedded store: named namespaces of ordered key-value entries, written in atomic,
 * durable batches.
 *
 * <p>Limits, checked on every call (a violation is an {@link InvalidInputException} and changes
 * nothing):
 * <ul>
 * <li>a namespace name matches {@value #NAMESPACE_PATTERN}: 1 to 64 characters, lower-case
 * letters, digits, {@code .}, {@code _} and {@code -}, starting with a letter or digit;</li>
 * <li>an encoded key is 1 to {@value #MAX_KEY_BYTES} bytes;</li>
 * <li>an encoded value is 0 to {@value #MAX_VALUE_BYTES} bytes;</li>
 * <li>a batch holds at most {@value #MAX_BATCH_OPERATIONS} operations and
 * {@value #MAX_BATCH_BYTES} bytes of keys and values.</li>
 * </ul>
 *
 * @since 1.0.0
 */
@ProviderType
public interface Store {

    /** What a namespace name must match. */
    String NAMESPACE_PATTERN = "[a-z0-9][a-z0-9._-]{0,63}";

    /** Largest encoded key. */
    int MAX_KEY_BYTES = 1024;

    /** Largest encoded value (8 MiB). */
    int MAX_VALUE_BYTES = 8 * 1024 * 1024;

    /** Most operations in one batch. */
    int MAX_BATCH_OPERATIONS = 100_000;

    /** Most key and value bytes in one batch (64 MiB). */
    int MAX_BATCH_BYTES = 64 * 1024 * 1024;

    /**
     * The namespace {@code name}, created (durably) if it does not exist. A namespace that exists
     * keeps its compression.
     */
    <K, V> Namespace<K, V> namespace(String name, Codec<K> keyCodec, Codec<V> valueCodec);

    /**
     * The namespace {@code name}, created if it does not exist, compressing values written from
     * now on with {@code compression} (values already stored keep theirs).
     */
    <K, V> Namespace<K, V> namespace(String name, Compression compression, Codec<K> keyCodec, Codec<V> valueCodec);

    /** The names of all namespaces, in order. */
    List<String> namespaces();

    /** A new, empty batch. */
    Batch batch();

    /** Current figures. */
    StoreStatistics statistics();
}
