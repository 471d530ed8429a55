package org.qenex.monitoring.internal.history;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.Test;

/** The node-held history behind the console's charts: a bounded ring, and rates from successive readings. */
public class HistoryTest {

    private static final double[] BOUNDS = {0.01, 0.1, 1, Double.POSITIVE_INFINITY};

    @Test
    public void theRingKeepsTheNewestSamplesOldestFirst() {
        HistoryRing ring = new HistoryRing(List.of("a", "b"), 3);
        for (long t = 1; t <= 5; t++) {
            ring.add(t * 10, Map.of("a", (double) t));
        }
        HistoryRing.Window all = ring.after(Long.MIN_VALUE);
        assertEquals("only the last three of five", List.of(30L, 40L, 50L), all.times());
        assertEquals(Arrays.asList(3.0, 4.0, 5.0), all.series().get("a"));
        assertEquals("a series the sample lacked is unknown", Arrays.asList(null, null, null), all.series().get("b"));
        assertEquals("a client asking for what it has not seen", List.of(50L), ring.after(40).times());
        assertEquals(List.of(), ring.after(50).times());
    }

    @Test
    public void ratesComeFromTheDifferenceBetweenTwoReadings() {
        Sampler sampler = new Sampler();
        long second = 1_000_000_000L;
        Map<String, Double> first = sampler.next(reading(0, 0, 100, 10, 1_000_000L, new long[] {0, 0, 0, 0}));
        assertNull("no rate without a previous reading", first.get("chain.transactionsPerSecond"));
        assertNull(first.get("cpu.process"));
        assertEquals(512.0, first.get("heap.used"), 0);

        // 10 s later: 5 CPU-seconds on 2 processors, 2 blocks 5 s apart carrying 300 transactions, 100 requests
        Map<String, Double> next = sampler.next(reading(10 * second, 5 * second, 102, 310, 1_010_000L, new long[] {90, 8, 2, 0}));
        assertEquals("a quarter of the machine", 0.25, next.get("cpu.process"), 1e-9);
        assertEquals(30.0, next.get("chain.transactionsPerSecond"), 1e-9);
        assertEquals(5.0, next.get("chain.blockSeconds"), 1e-9);
        assertEquals(10.0, next.get("rest.requestsPerSecond"), 1e-9);
        // the 99th of 100 requests is the 1st of the 2 in (0.1, 1]: interpolated halfway
        assertEquals(0.55, next.get("rest.p99Seconds"), 1e-9);

        Map<String, Double> quiet = sampler.next(reading(20 * second, 5 * second, 102, 310, 1_010_000L, new long[] {90, 8, 2, 0}));
        assertNull("no block in the period: no block time", quiet.get("chain.blockSeconds"));
        assertNull("no request: no p99", quiet.get("rest.p99Seconds"));
        assertEquals(0.0, quiet.get("rest.requestsPerSecond"), 0);
    }

    @Test
    public void aQuantileInTheOpenBucketIsTheLastFiniteBound() {
        assertEquals(1.0, Sampler.quantile(0.99, new long[] {1, 0, 0, 99}, 100, BOUNDS), 0);
        assertEquals(0.005, Sampler.quantile(0.5, new long[] {10, 0, 0, 0}, 10, BOUNDS), 1e-12);
    }

    private static Reading reading(long nanoTime, long cpuNanos, long blocks, long transactions, long newestBlockMillis,
            long[] rest) {
        return new Reading(nanoTime, cpuNanos, 2, 0.5, 512, 1024, 40, 1L << 30, blocks, 3, blocks, transactions,
                newestBlockMillis, rest, BOUNDS);
    }
}
