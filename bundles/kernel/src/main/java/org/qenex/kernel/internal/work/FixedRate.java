package org.qenex.kernel.internal.work;

/**
 * The arithmetic of a fixed-rate schedule: runs are planned at {@code first + k * period}. A run
 * that ends late (it overran, or waited for a slot under pressure) is followed by the first
 * planned time that has not passed; the times missed meanwhile are skipped, so a job that fell
 * behind does not run in a burst to catch up while the node is still under load.
 */
final class FixedRate {

    private FixedRate() {
    }

    /**
     * @param plannedNanos when the run that just ended was planned to start
     * @param periodNanos the period, positive
     * @param nowNanos now, on the same clock
     * @return how long from now until the next planned time; 0 if that time is exactly now
     */
    static long delayNanos(long plannedNanos, long periodNanos, long nowNanos) {
        long behind = nowNanos - plannedNanos;
        // Periods elapsed since the planned start, rounded up, and at least one: the next time not yet passed.
        long periods = Math.max(1, behind <= 0 ? 1 : (behind + periodNanos - 1) / periodNanos);
        return Math.max(0, plannedNanos + periods * periodNanos - nowNanos);
    }
}
