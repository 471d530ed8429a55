package org.qenex.monitoring.internal.rest;

import java.util.concurrent.atomic.LongAdder;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * A classic Prometheus histogram of durations with fixed buckets, recorded without locks
 * ({@link LongAdder}s), so that the request threads that record never wait for each other or for a
 * scrape. Written here rather than taken from {@code prometheus-metrics-core}, which would bring
 * four more bundles (its tracer modules) to the node for one class. The chain's block import
 * times use it too.
 */
public final class LatencyHistogram {

    /** Upper bounds in seconds, from 1 ms (a cached read) to 10 s (a transfer waiting for its commit on a loaded node). */
    public static final double[] BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
            Double.POSITIVE_INFINITY};

    private static final long[] BOUND_NANOS = new long[BOUNDS.length - 1];

    static {
        for (int i = 0; i < BOUND_NANOS.length; i++) {
            BOUND_NANOS[i] = Math.round(BOUNDS[i] * 1e9);
        }
    }

    private final LongAdder[] counts = new LongAdder[BOUNDS.length];
    private final LongAdder sumNanos = new LongAdder();

    public LatencyHistogram() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    public void record(long nanos) {
        long value = Math.max(0, nanos);
        int bucket = 0;
        while (bucket < BOUND_NANOS.length && value > BOUND_NANOS[bucket]) {
            bucket++;
        }
        counts[bucket].increment();
        sumNanos.add(value);
    }

    public long count() {
        long all = 0;
        for (LongAdder c : counts) {
            all += c.sum();
        }
        return all;
    }

    /** Adds this histogram's per-bucket counts to {@code totals} (one slot per {@link #BOUNDS}). */
    public void addCountsTo(long[] totals) {
        for (int i = 0; i < counts.length; i++) {
            totals[i] += counts[i].sum();
        }
    }

    /** The histogram now, per-bucket counts (the text writer makes them cumulative). */
    public HistogramDataPointSnapshot snapshot(Labels labels) {
        long[] now = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            now[i] = counts[i].sum();
        }
        return HistogramDataPointSnapshot.builder().labels(labels)
                .classicHistogramBuckets(ClassicHistogramBuckets.of(BOUNDS, now))
                .sum(sumNanos.sum() / 1e9).build();
    }
}
