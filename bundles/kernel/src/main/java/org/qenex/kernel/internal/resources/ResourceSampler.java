package org.qenex.kernel.internal.resources;

import java.io.File;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Path;
import java.time.Instant;

/** Reads the JVM's management beans into a {@link ResourceSample}. */
final class ResourceSampler {

    private final File dataVolume;
    private final MemoryPoolMXBean oldGeneration = findOldGeneration();

    ResourceSampler(Path dataDir) {
        this.dataVolume = dataDir.toFile();
    }

    ResourceSample sample(Instant now) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long gcCount = 0;
        long gcTime = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, collector.getCollectionCount());
            gcTime += Math.max(0, collector.getCollectionTime());
        }
        long afterGc = -1;
        long afterGcMax = -1;
        if (oldGeneration != null) {
            MemoryUsage collected = oldGeneration.getCollectionUsage();
            // Zero means the old generation was never collected yet: no figure rather than a reassuring one.
            if (collected != null && collected.getUsed() > 0) {
                afterGc = collected.getUsed();
                long poolMax = oldGeneration.getUsage().getMax();
                afterGcMax = poolMax > 0 ? poolMax : heap.getMax();
            }
        }
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        double processCpu = -1;
        double systemCpu = -1;
        long openFds = -1;
        long maxFds = -1;
        if (os instanceof com.sun.management.OperatingSystemMXBean sunOs) {
            processCpu = sunOs.getProcessCpuLoad();
            systemCpu = sunOs.getCpuLoad();
        }
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unixOs) {
            openFds = unixOs.getOpenFileDescriptorCount();
            maxFds = unixOs.getMaxFileDescriptorCount();
        }
        return new ResourceSample(now, processCpu, systemCpu, heap.getUsed(), heap.getCommitted(), heap.getMax(),
                afterGc, afterGcMax, gcCount, gcTime, ManagementFactory.getThreadMXBean().getThreadCount(), openFds,
                maxFds, dataVolume.getUsableSpace(), dataVolume.getTotalSpace());
    }

    /** The heap pool that survives young collections: its usage after GC is what the heap really keeps. */
    private static MemoryPoolMXBean findOldGeneration() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String name = pool.getName();
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()
                    && (name.contains("Old Gen") || name.contains("Tenured") || name.equals("ZHeap")
                            || name.contains("Old Space"))) {
                return pool;
            }
        }
        return null;
    }
}
