package org.qenex.storage.internal;

import java.nio.file.Path;
import java.time.Duration;

import org.qenex.storage.internal.index.MapIndex;

/**
 * The store's tunables (see {@code StorageConfiguration} for their meaning and defaults).
 */
public record EngineSettings(Path root, long segmentBytes, long cacheBytes, long nodeCacheBytes, Duration checkpointInterval,
        long checkpointRecords, Duration verifyTimeout, int retainCount, Duration retainAge, long diskLowBytes) {

    /** Defaults, for tests and the offline tools. */
    public static EngineSettings defaults(Path root) {
        return new EngineSettings(root, 64L << 20, 64L << 20, MapIndex.DEFAULT_NODE_CACHE_BYTES, Duration.ofSeconds(5), 20_000, Duration.ofSeconds(60), 7,
                Duration.ofDays(14), 1L << 30);
    }

    public EngineSettings withSegmentBytes(long bytes) {
        return new EngineSettings(root, bytes, cacheBytes, nodeCacheBytes, checkpointInterval, checkpointRecords, verifyTimeout, retainCount,
                retainAge, diskLowBytes);
    }

    public EngineSettings withCacheBytes(long bytes) {
        return new EngineSettings(root, segmentBytes, bytes, nodeCacheBytes, checkpointInterval, checkpointRecords, verifyTimeout, retainCount,
                retainAge, diskLowBytes);
    }

    public EngineSettings withNodeCacheBytes(long bytes) {
        return new EngineSettings(root, segmentBytes, cacheBytes, bytes, checkpointInterval, checkpointRecords, verifyTimeout,
                retainCount, retainAge, diskLowBytes);
    }

    public EngineSettings withVerifyTimeout(Duration timeout) {
        return new EngineSettings(root, segmentBytes, cacheBytes, nodeCacheBytes, checkpointInterval, checkpointRecords, timeout, retainCount,
                retainAge, diskLowBytes);
    }

    public EngineSettings withRetention(int count, Duration age) {
        return new EngineSettings(root, segmentBytes, cacheBytes, nodeCacheBytes, checkpointInterval, checkpointRecords, verifyTimeout, count,
                age, diskLowBytes);
    }

    public EngineSettings withCheckpoint(Duration interval, long records) {
        return new EngineSettings(root, segmentBytes, cacheBytes, nodeCacheBytes, interval, records, verifyTimeout, retainCount, retainAge,
                diskLowBytes);
    }

    public EngineSettings withDiskLowBytes(long bytes) {
        return new EngineSettings(root, segmentBytes, cacheBytes, nodeCacheBytes, checkpointInterval, checkpointRecords, verifyTimeout,
                retainCount, retainAge, bytes);
    }

    public StoreLayout layout() {
        return new StoreLayout(root);
    }
}
