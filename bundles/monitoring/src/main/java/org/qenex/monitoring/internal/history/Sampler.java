package org.qenex.monitoring.internal.history;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns successive {@link Reading}s into one sample per period: gauges as read, counters as their
 * rate since the previous reading, the REST p99 from the latency buckets filled in between (as
 * PromQL's {@code histogram_quantile} estimates it, by linear interpolation within a bucket).
 * The first reading has no predecessor: its rates are unknown.
 */
final class Sampler {

    static final List<String> SERIES = List.of("cpu.process", "cpu.system", "heap.used", "heap.max", "threads", "disk.free",
            "chain.height", "chain.mempool", "chain.blockSeconds", "chain.transactionsPerSecond", "rest.requestsPerSecond",
            "rest.p99Seconds");

    private Reading previous;

    Map<String, Double> next(Reading now) {
        Map<String, Double> sample = new LinkedHashMap<>();
        sample.put("cpu.system", known(now.systemCpuLoad()));
        sample.put("heap.used", known(now.heapUsed()));
        sample.put("heap.max", known(now.heapMax()));
        sample.put("threads", known(now.threads()));
        sample.put("disk.free", known(now.diskFree()));
        sample.put("chain.height", known(now.height()));
        sample.put("chain.mempool", known(now.mempool()));
        Reading before = previous;
        previous = now;
        if (before == null) {
            return sample;
        }
        double seconds = (now.nanoTime() - before.nanoTime()) / 1e9;
        if (seconds <= 0) {
            return sample;
        }
        if (now.processCpuNanos() >= 0 && before.processCpuNanos() >= 0 && now.processors() > 0) {
            // a share of the whole machine, as cpu.system is
            sample.put("cpu.process", Math.max(0, now.processCpuNanos() - before.processCpuNanos()) / 1e9 / seconds / now.processors());
        }
        long blocks = now.blocks() - before.blocks();
        if (blocks > 0 && before.newestBlockMillis() >= 0) {
            sample.put("chain.blockSeconds", (now.newestBlockMillis() - before.newestBlockMillis()) / 1000.0 / blocks);
        }
        sample.put("chain.transactionsPerSecond", Math.max(0, now.transactions() - before.transactions()) / seconds);
        long[] requests = new long[now.restBuckets().length];
        long total = 0;
        for (int i = 0; i < requests.length; i++) {
            requests[i] = Math.max(0, now.restBuckets()[i] - before.restBuckets()[i]);
            total += requests[i];
        }
        sample.put("rest.requestsPerSecond", total / seconds);
        if (total > 0) {
            sample.put("rest.p99Seconds", quantile(0.99, requests, total, now.restBounds()));
        }
        return sample;
    }

    /** {@code histogram_quantile}: the bucket holding the rank, interpolated linearly; the last finite bound if it is in {@code +Inf}. */
    static double quantile(double q, long[] counts, long total, double[] bounds) {
        double rank = q * total;
        long below = 0;
        for (int i = 0; i < counts.length; i++) {
            if (below + counts[i] >= rank && counts[i] > 0) {
                double lower = i == 0 ? 0 : bounds[i - 1];
                double upper = bounds[i];
                if (Double.isInfinite(upper)) {
                    return lower;
                }
                return lower + (upper - lower) * (rank - below) / counts[i];
            }
            below += counts[i];
        }
        return bounds[bounds.length - 2];
    }

    private static Double known(double value) {
        return Double.isNaN(value) || value < 0 ? null : value;
    }
}
