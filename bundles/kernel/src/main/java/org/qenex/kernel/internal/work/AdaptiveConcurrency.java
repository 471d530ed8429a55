package org.qenex.kernel.internal.work;

/**
 * How many background jobs may run at once, adjusted to the node's load like TCP's congestion
 * window: halved when CPU or heap are under pressure, raised by one when both are comfortable,
 * unchanged in between, always within {@code [1, max]}.
 */
public final class AdaptiveConcurrency {

    /**
     * @param max the upper bound, and the starting point
     * @param cpuHigh system CPU load (0..1) above which the limit is halved
     * @param cpuLow system CPU load below which it may grow
     * @param heapHigh heap after GC, as a share of its maximum, above which the limit is halved
     * @param heapLow heap share below which it may grow
     */
    public record Settings(int max, double cpuHigh, double cpuLow, double heapHigh, double heapLow) {

        public Settings {
            if (max < 1) {
                throw new IllegalArgumentException("max must be at least 1, was " + max);
            }
            if (cpuLow > cpuHigh || heapLow > heapHigh) {
                throw new IllegalArgumentException("low watermarks must not exceed high ones");
            }
        }
    }

    private final Settings settings;
    private int limit;

    public AdaptiveConcurrency(Settings settings) {
        this.settings = settings;
        this.limit = settings.max();
    }

    /**
     * Feeds one sample; a negative figure means the platform does not provide it and is ignored.
     *
     * @return the new limit
     */
    public synchronized int onSample(double systemCpu, double heapAfterGcRatio) {
        boolean cpuKnown = systemCpu >= 0;
        boolean heapKnown = heapAfterGcRatio >= 0;
        boolean pressure = (cpuKnown && systemCpu > settings.cpuHigh())
                || (heapKnown && heapAfterGcRatio > settings.heapHigh());
        boolean comfortable = (!cpuKnown || systemCpu < settings.cpuLow())
                && (!heapKnown || heapAfterGcRatio < settings.heapLow());
        if (pressure) {
            limit = Math.max(1, limit / 2);
        } else if (comfortable) {
            limit = Math.min(settings.max(), limit + 1);
        }
        return limit;
    }

    public synchronized int limit() {
        return limit;
    }
}
