package org.qenex.monitoring.internal.history;

/**
 * What the node's sources say at one moment: gauges as they are, counters as cumulative totals
 * (the {@link Sampler} turns those into rates over the period). A negative value, or {@code NaN},
 * is "not known".
 *
 * @param nanoTime {@code System.nanoTime()} when read
 * @param processCpuNanos CPU time the process used so far, all threads
 * @param processors processors the JVM may use
 * @param systemCpuLoad the whole machine's recent CPU load, 0 to 1
 * @param restBuckets REST requests answered so far, per latency bucket (not cumulative)
 * @param restBounds the buckets' upper bounds in seconds, the last one infinite
 */
record Reading(long nanoTime, long processCpuNanos, int processors, double systemCpuLoad, long heapUsed, long heapMax,
        int threads, long diskFree, long height, long mempool, long blocks, long transactions, long newestBlockMillis,
        long[] restBuckets, double[] restBounds) {
}
