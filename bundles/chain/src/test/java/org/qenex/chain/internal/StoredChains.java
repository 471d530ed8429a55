package org.qenex.chain.internal;

import java.nio.file.Path;
import java.time.Duration;

import org.qenex.storage.internal.EngineSettings;
import org.qenex.storage.internal.IncidentSink;
import org.qenex.storage.internal.StorageEngine;

/** Opens the real store (the storage bundle's engine) in a folder, for restart and crash tests. */
public final class StoredChains {

    private StoredChains() {
    }

    public static StorageEngine open(Path dir) {
        return open(dir, EngineSettings.defaults(dir).nodeCacheBytes());
    }

    /** With another size of the index's node cache. */
    public static StorageEngine open(Path dir, long nodeCacheBytes) {
        return StorageEngine.open(EngineSettings.defaults(dir).withCheckpoint(Duration.ofSeconds(2), 50_000)
                .withDiskLowBytes(0).withNodeCacheBytes(nodeCacheBytes), IncidentSink.NONE);
    }
}
