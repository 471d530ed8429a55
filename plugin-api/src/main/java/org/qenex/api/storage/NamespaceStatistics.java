package org.qenex.api.storage;

/**
 * Figures about one namespace.
 *
 * @param name the namespace
 * @param compression its compression
 * @param entries how many entries it holds
 * @param keyBytes total size of its keys
 * @param valueBytes total size of its values as written by users, before compression
 * @param storedValueBytes total size of its values as stored, after compression
 * @since 1.0.0
 */
public record NamespaceStatistics(String name, Compression compression, long entries, long keyBytes,
        long valueBytes, long storedValueBytes) {

    /** {@code valueBytes / storedValueBytes}: above 1 when compression saves space, 1 when empty. */
    public double compressionRatio() {
        return storedValueBytes == 0 ? 1.0 : (double) valueBytes / storedValueBytes;
    }
}
