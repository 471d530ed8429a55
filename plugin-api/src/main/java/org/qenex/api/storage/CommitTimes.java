package org.qenex.api.storage;

import java.util.List;

/**
 * How long the store's commits took since it opened, as a histogram: {@code counts.get(i)} commits
 * took at most {@code boundsSeconds.get(i)} seconds and more than the bound before it; the last
 * bound is {@link Double#POSITIVE_INFINITY}. A commit's time runs from the call to its batch being
 * durable (group commit and {@code fdatasync} included).
 *
 * @param boundsSeconds upper bounds of the buckets, increasing, the last one infinite
 * @param counts commits per bucket (not cumulative), as many as {@code boundsSeconds}
 * @param sumSeconds the total time of every commit counted
 * @since 1.2.0
 */
public record CommitTimes(List<Double> boundsSeconds, List<Long> counts, double sumSeconds) {

    /** No commit counted (a store that does not measure). */
    public static final CommitTimes NONE = new CommitTimes(List.of(Double.POSITIVE_INFINITY), List.of(0L), 0);

    public CommitTimes {
        boundsSeconds = List.copyOf(boundsSeconds);
        counts = List.copyOf(counts);
        if (boundsSeconds.size() != counts.size() || boundsSeconds.isEmpty()
                || boundsSeconds.get(boundsSeconds.size() - 1) != Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("one count per bound, the last bound infinite");
        }
    }

    /** Commits counted. */
    public long count() {
        long all = 0;
        for (long c : counts) {
            all += c;
        }
        return all;
    }
}
