package org.qenex.api.storage;

import java.util.List;

/**
 * Figures about the whole store.
 *
 * @param namespaces per namespace, ordered by name
 * @param cacheHits reads answered by the read cache since the store opened
 * @param cacheMisses reads that went to the index since the store opened
 * @param cacheEntries entries now in the read cache
 * @param cacheBytes bytes now in the read cache (values only)
 * @param journalBytes size of the commit journal on disk
 * @param indexBytes size of the index files on disk
 * @param lastPosition the position of the last committed batch
 * @param diskFreeBytes usable space left on the disk that holds the store
 * @since 1.0.0
 */
public record StoreStatistics(List<NamespaceStatistics> namespaces, long cacheHits, long cacheMisses,
        long cacheEntries, long cacheBytes, long journalBytes, long indexBytes, long lastPosition,
        long diskFreeBytes) {

    public StoreStatistics {
        namespaces = List.copyOf(namespaces);
    }

    /** Hits over all cached reads, between 0 and 1; 0 before any read. */
    public double cacheHitRate() {
        long all = cacheHits + cacheMisses;
        return all == 0 ? 0.0 : (double) cacheHits / all;
    }

    /** Compression ratio over all namespaces: user value bytes over stored value bytes. */
    public double compressionRatio() {
        long raw = 0;
        long stored = 0;
        for (NamespaceStatistics n : namespaces) {
            raw += n.valueBytes();
            stored += n.storedValueBytes();
        }
        return stored == 0 ? 1.0 : (double) raw / stored;
    }
}
