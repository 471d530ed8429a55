package org.qenex.kernel.internal.resources;

/**
 * The JVM's share of all processors between successive readings of its CPU time ({@link
 * ProcessCpu#nanos()}): the one way the kernel's samplers turn CPU time into a load figure. Not
 * thread-safe: each sampler has its own, used from its one thread.
 */
public final class CpuShare {

    private final int processors;
    private long lastCpuNanos = -1;

    /** @param processors the processors the share is of (at least one is assumed) */
    public CpuShare(int processors) {
        this.processors = Math.max(1, processors);
    }

    /**
     * The share, 0..1, of all processors the JVM used over the {@code elapsedNanos} since the
     * previous reading; -1 for the first reading, when either reading is unknown (negative) or
     * when no time passed.
     */
    public double next(long cpuNanos, long elapsedNanos) {
        long lastCpu = lastCpuNanos;
        lastCpuNanos = cpuNanos;
        if (cpuNanos < 0 || lastCpu < 0 || elapsedNanos <= 0) {
            return -1;
        }
        return Math.min(1.0, Math.max(0.0, (double) (cpuNanos - lastCpu) / elapsedNanos / processors));
    }
}
