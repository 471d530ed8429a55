package org.qenex.storage.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.qenex.api.storage.CommitTimes;

/**
 * A histogram of commit durations, recorded without locks ({@link LongAdder}s) so that committers
 * never wait for each other or for a reader of the figures: it sits on every commit's path.
 */
final class CommitTimer {

    /** From 0.5 ms (a commit that shared a group's fsync) to 2.5 s (a loaded disk). */
    static final double[] BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
            Double.POSITIVE_INFINITY};

    private static final long[] BOUND_NANOS = new long[BOUNDS.length - 1];

    static {
        for (int i = 0; i < BOUND_NANOS.length; i++) {
            BOUND_NANOS[i] = Math.round(BOUNDS[i] * 1e9);
        }
    }

    private final LongAdder[] counts = new LongAdder[BOUNDS.length];
    private final LongAdder sumNanos = new LongAdder();

    CommitTimer() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    void record(long nanos) {
        long value = Math.max(0, nanos);
        int bucket = 0;
        while (bucket < BOUND_NANOS.length && value > BOUND_NANOS[bucket]) {
            bucket++;
        }
        counts[bucket].increment();
        sumNanos.add(value);
    }

    CommitTimes snapshot() {
        List<Double> bounds = new ArrayList<>(BOUNDS.length);
        List<Long> now = new ArrayList<>(BOUNDS.length);
        for (int i = 0; i < BOUNDS.length; i++) {
            bounds.add(BOUNDS[i]);
            now.add(counts[i].sum());
        }
        return new CommitTimes(bounds, now, sumNanos.sum() / 1e9);
    }
}
