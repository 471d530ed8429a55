package org.qenex.kernel.internal.resources;

import java.time.Instant;

/**
 * What the node used at one moment. Figures a platform cannot provide are {@code -1}.
 *
 * @param time when it was taken
 * @param processCpuLoad this JVM's share of all cores, 0..1
 * @param systemCpuLoad the whole machine's CPU load, 0..1
 * @param heapUsed heap in use, bytes
 * @param heapCommitted heap reserved from the OS, bytes
 * @param heapMax the heap's limit, bytes
 * @param heapAfterGc old generation in use after its last collection, bytes: what the heap really keeps
 * @param heapAfterGcMax the limit that {@code heapAfterGc} is measured against, bytes
 * @param gcCount collections since the JVM started, all collectors
 * @param gcTimeMillis time spent collecting since the JVM started, all collectors
 * @param threads live threads
 * @param openFds open file descriptors
 * @param maxFds the process's file descriptor limit
 * @param diskFree usable bytes on the volume of {@code karaf.data}
 * @param diskTotal size of that volume
 */
public record ResourceSample(Instant time, double processCpuLoad, double systemCpuLoad, long heapUsed,
        long heapCommitted, long heapMax, long heapAfterGc, long heapAfterGcMax, long gcCount, long gcTimeMillis,
        int threads, long openFds, long maxFds, long diskFree, long diskTotal) {

    private static final double MB = 1024.0 * 1024.0;

    /** Old generation after GC as a share of its limit, 0..1, or -1 if unknown. */
    public double heapAfterGcRatio() {
        return heapAfterGc < 0 || heapAfterGcMax <= 0 ? -1 : (double) heapAfterGc / heapAfterGcMax;
    }

    public long diskUsed() {
        return diskTotal - diskFree;
    }

    /** Free share of the disk, 0..1, or -1 if unknown. */
    public double diskFreeRatio() {
        return diskTotal <= 0 ? -1 : (double) diskFree / diskTotal;
    }

    /** One line for {@code qenex:status}. */
    public String summary() {
        return String.format("cpu %s (system %s), heap %.0f/%.0f MB%s, threads %d, fds %s, disk %s free",
                percent(processCpuLoad), percent(systemCpuLoad), heapUsed / MB, (heapMax > 0 ? heapMax : heapCommitted) / MB,
                heapAfterGcRatio() < 0 ? "" : " (" + percent(heapAfterGcRatio()) + " after GC)", threads,
                openFds < 0 ? "n/a" : openFds + "/" + maxFds, percent(diskFreeRatio()));
    }

    static String percent(double ratio) {
        return ratio < 0 ? "n/a" : Math.round(ratio * 100) + "%";
    }
}
