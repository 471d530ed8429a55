package org.qenex.api.storage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Puts and deletes, across one or more namespaces of one {@link Store}, applied all or nothing.
 *
 * <p>Nothing is visible before {@link #commit()}, which returns only once the whole batch is
 * durable (written and flushed to disk): after it returns the batch survives a crash of the
 * process or the machine. If {@code commit()} throws, none of the batch is applied. Operations on
 * one key apply in the order they were added. A batch is used by one thread and committed once.
 *
 * <p>If adding an operation fails (an invalid key, a value too large, a codec that throws), the
 * batch is aborted: {@code commit()} then throws, so a batch is never committed with a part
 * missing.
 *
 * @since 1.0.0
 */
@ProviderType
public interface Batch {

    /** Adds a put of {@code value} under {@code key}. */
    <K, V> Batch put(Namespace<K, V> namespace, K key, V value);

    /** Adds a delete of {@code key}. */
    <K, V> Batch delete(Namespace<K, V> namespace, K key);

    /** How many operations the batch holds. */
    int size();

    /**
     * Applies the batch atomically and durably.
     *
     * @return the batch's position in the store's commit journal
     * @throws StorageException if the batch was aborted, already committed, or could not be made
     *         durable; nothing of it is applied then
     */
    long commit();
}
