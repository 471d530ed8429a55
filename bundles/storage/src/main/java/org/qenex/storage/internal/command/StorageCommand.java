package org.qenex.storage.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.qenex.api.storage.NamespaceStatistics;
import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.Store;
import org.qenex.api.storage.StoreStatistics;

/** {@code qenex:storage}: namespaces, sizes, cache hit rate, compression ratio. */
@Command(scope = "qenex", name = "storage", description = "Shows the store's namespaces, sizes, cache hit rate and compression ratio")
@Service
public class StorageCommand implements Action {

    @Reference
    Store store;

    @Override
    public Object execute() {
        StoreStatistics s;
        try {
            s = store.statistics();
        } catch (StorageException e) {
            System.err.println("Error (" + e.code() + "): " + e.getMessage());
            return null;
        }
        System.out.printf("%-40s %-8s %12s %14s %8s%n", "NAMESPACE", "COMPRESS", "ENTRIES", "STORED BYTES", "RATIO");
        for (NamespaceStatistics n : s.namespaces()) {
            System.out.printf("%-40s %-8s %12d %14d %8.2f%n", n.name(), n.compression(), n.entries(), n.storedValueBytes(),
                    n.compressionRatio());
        }
        System.out.printf("position %d, journal %d bytes, index %d bytes, %d MiB free%n", s.lastPosition(), s.journalBytes(),
                s.indexBytes(), s.diskFreeBytes() >> 20);
        System.out.printf("cache: %d entries, %d bytes, hit rate %.1f%% (%d hits, %d misses); compression ratio %.2f%n",
                s.cacheEntries(), s.cacheBytes(), 100 * s.cacheHitRate(), s.cacheHits(), s.cacheMisses(), s.compressionRatio());
        return null;
    }
}
