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
import java.util.function.LongSupplier;

/** Reads the JVM's management beans into a {@link ResourceSample}. */
final class ResourceSampler {

    private final File dataVolume;
    private final MemoryPoolMXBean oldGeneration = findOldGeneration();
    private final LongSupplier processCpuNanos;
    private final LongSupplier nanoTime;
    /** The process CPU load since the previous sample, and that sample's clock (sampler thread only). */
    private final CpuShare processCpuShare;
    private long lastNanoTime;

    ResourceSampler(Path dataDir) {
        this(dataDir, ProcessCpu::nanos, System::nanoTime, Runtime.getRuntime().availableProcessors());
    }

    ResourceSampler(Path dataDir, LongSupplier processCpuNanos, LongSupplier nanoTime, int processors) {
        this.dataVolume = dataDir.toFile();
        this.processCpuNanos = processCpuNanos;
        this.nanoTime = nanoTime;
        this.processCpuShare = new CpuShare(processors);
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
        double processCpu = processCpuLoad();
        double systemCpu = -1;
        long openFds = -1;
        long maxFds = -1;
        if (os instanceof com.sun.management.OperatingSystemMXBean sunOs) {
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

    /**
     * The JVM's share of all processors since the previous sample, 0..1, or -1 for the first sample
     * (or when the CPU time is unknown). From the JVM's CPU time, one native call: the bean's
     * {@code getProcessCpuLoad()} reads four cgroup files in Java (quota, shares, the CPU set twice)
     * and {@code /proc/self/stat} and {@code /proc/stat} at every call in a container, and its figure
     * is the same ratio over the same interval.
     */
    private double processCpuLoad() {
        long cpu = processCpuNanos.getAsLong();
        long now = nanoTime.getAsLong();
        long elapsed = now - lastNanoTime;
        lastNanoTime = now;
        return processCpuShare.next(cpu, elapsed);
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
