package org.qenex.kernel.internal.work;

/**
 * The shared work pool at one moment.
 *
 * @param running jobs running now
 * @param queued jobs due and waiting for a slot
 * @param waiting jobs waiting for their time (delayed or between periodic runs)
 * @param limit how many may run at once now
 * @param maxConcurrency the most that may ever run at once
 * @param completed runs that ended without error
 * @param failed runs that threw
 */
public record WorkStats(int running, int queued, int waiting, int limit, int maxConcurrency, long completed,
        long failed) {
}
