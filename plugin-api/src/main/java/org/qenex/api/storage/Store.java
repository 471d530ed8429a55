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
 * <p><strong>Namespaces belong to bundles</strong> (since 1.1.0). The node registers this service
 * with bundle scope: each bundle gets its own view, which knows the bundle's symbolic name. The
 * first bundle that creates a namespace owns it (the store keeps that record durably, with the
 * data, so it survives restarts, updates and restores); another bundle that asks for it gets a
 * {@link NamespaceNotOwnedException}, unless the owner declared the namespace shared in its
 * manifest header {@value #SHARED_NAMESPACES_HEADER}. A shared namespace can be read and written
 * by every bundle, but only its owner can {@link #drop} it. Some name prefixes are reserved for the
 * node's own bundles ({@code chain.}, {@code ai.}, {@code storage.}): no other bundle can create or
 * claim a namespace there. See {@code docs/storage.md}.
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
     * The manifest header in which a bundle lists the namespaces it owns and lets other bundles
     * use: comma-separated names, or prefixes ending in {@code *} ({@code Qenex-Shared-Namespaces:
     * weather.readings, weather.cache.*}). Namespaces it does not list are its own.
     *
     * @since 1.1.0
     */
    String SHARED_NAMESPACES_HEADER = "Qenex-Shared-Namespaces";

    /**
     * The namespace {@code name}, created (durably) if it does not exist. A namespace that exists
     * keeps its compression.
     *
     * @throws NamespaceNotOwnedException if another bundle owns the namespace and has not shared
     *         it, or the name is reserved for another bundle
     */
    <K, V> Namespace<K, V> namespace(String name, Codec<K> keyCodec, Codec<V> valueCodec);

    /**
     * The namespace {@code name}, created if it does not exist, compressing values written from
     * now on with {@code compression} (values already stored keep theirs).
     *
     * @throws NamespaceNotOwnedException if another bundle owns the namespace and has not shared
     *         it, or the name is reserved for another bundle
     */
    <K, V> Namespace<K, V> namespace(String name, Compression compression, Codec<K> keyCodec, Codec<V> valueCodec);

    /**
     * The names of the namespaces this bundle can open without a {@link NamespaceNotOwnedException}
     * (its own and those shared by their owners), in order. (Before 1.1.0: all namespaces.)
     */
    List<String> namespaces();

    /** A new, empty batch. */
    Batch batch();

    /** Current figures; the namespaces listed are those of {@link #namespaces()}. */
    StoreStatistics statistics();

    /**
     * How long the whole store's commits took since it opened (every bundle's).
     *
     * <p>The default implementation answers {@link CommitTimes#NONE}; the node's store measures.
     *
     * @since 1.2.0
     */
    default CommitTimes commitTimes() {
        return CommitTimes.NONE;
    }

    /**
     * Deletes a namespace, its entries and its ownership record, durably and at once: when this
     * returns the drop survives a crash, handles to the namespace fail with
     * {@link StorageException#INVALID_NAMESPACE}, and the name is free for any bundle to create
     * again. Backups taken before still hold the namespace: restoring one brings it back.
     *
     * <p>The default implementation throws {@link UnsupportedOperationException}; the node's store
     * implements it. It exists so that test doubles written against 1.0 still compile.
     *
     * @return {@code true} if the namespace existed and was dropped, {@code false} if it did not exist
     * @throws NamespaceNotOwnedException if the namespace belongs to another bundle, shared or not
     * @since 1.1.0
     */
    default boolean drop(String name) {
        throw new UnsupportedOperationException("this store cannot drop namespaces");
    }
}
