package org.qenex.kernel.internal.work;

/**
 * Decides, sample by sample, whether background work must hold back for the node's service. The
 * service is loaded when REST requests arrive faster than a threshold, too many are in flight, or
 * the node's own JVM (background training runs in processes of its own) uses more than a share of
 * the CPUs. It counts as busy until it was not loaded for {@code quietMillis}. Busy for
 * {@code maxHoldMillis} in a row, it is reported quiet for {@code minRunMillis}: under sustained
 * load background work runs in those windows, at its low OS priority, slowed but never starved.
 */
public final class ServicePressure {

    /**
     * @param requestsPerSecondHigh REST requests per second from which the service is loaded
     * @param inFlightHigh requests in flight from which it is loaded
     * @param cpuHigh the node JVM's CPU use, as a share of all processors, from which it is loaded
     * @param quietMillis how long it must not be loaded before background work resumes
     * @param maxHoldMillis the longest background work is held back in a row
     * @param minRunMillis how long it then runs before it may be held back again
     */
    public record Settings(double requestsPerSecondHigh, int inFlightHigh, double cpuHigh, long quietMillis,
            long maxHoldMillis, long minRunMillis) {
    }

    private final Settings settings;
    private long lastLoadedAt = Long.MIN_VALUE;
    private long busySince = -1;
    private long runUntil = Long.MIN_VALUE;
    private volatile boolean busy;

    public ServicePressure(Settings settings) {
        this.settings = settings;
    }

    /**
     * Feeds one sample; a negative CPU figure means unknown and is ignored.
     *
     * @return whether background work must hold back now
     */
    public synchronized boolean onSample(long nowMillis, double requestsPerSecond, int inFlight, double nodeCpu) {
        boolean loaded = requestsPerSecond >= settings.requestsPerSecondHigh() || inFlight >= settings.inFlightHigh()
                || (nodeCpu >= 0 && nodeCpu >= settings.cpuHigh());
        if (loaded) {
            lastLoadedAt = nowMillis;
        }
        boolean pressed = lastLoadedAt != Long.MIN_VALUE && nowMillis - lastLoadedAt < settings.quietMillis();
        if (!pressed) {
            busySince = -1;
            busy = false;
            return false;
        }
        if (nowMillis < runUntil) {
            busy = false; // a run window: background work goes on for a while
            return false;
        }
        if (busySince < 0) {
            busySince = nowMillis;
        }
        if (nowMillis - busySince >= settings.maxHoldMillis()) {
            runUntil = nowMillis + settings.minRunMillis();
            busySince = -1;
            busy = false;
            return false;
        }
        busy = true;
        return true;
    }

    /** The last decision. */
    public boolean busy() {
        return busy;
    }
}
