package org.qenex.security.internal.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;
import org.qenex.api.health.IncidentLog;
import org.qenex.security.internal.audit.AuditTrail;
import org.qenex.security.internal.intrusion.FinishedRequest;
import org.qenex.security.internal.intrusion.IntrusionBench;

/**
 * Detection latency: from the moment the gateway hands over the request that crosses a threshold
 * to (a) the address being blocked and (b) the incident being durable, with the real audit log
 * (a file, synced every 200 ms) and an incident log that forces each incident to disk as the
 * kernel's does. Also the cost of screening one ordinary request (rules and anomaly model).
 *
 * <p>Run (see README): {@code java -cp ... org.qenex.security.internal.bench.DetectionLatencyBench [trials]}
 */
public final class DetectionLatencyBench {

    private DetectionLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Path dir = Files.createTempDirectory("qenex-ids-bench");
        DurableIncidents incidents = new DurableIncidents(dir.resolve("incidents.jsonl"));
        ExecutorService reporter = Executors.newSingleThreadExecutor();
        AuditTrail audit = IntrusionBench.fileAuditTrail(dir.resolve("security"));
        // the blocks file too, as in the node: each block is appended to it on the detecting thread
        var detector = IntrusionBench.detector(Map.of(), Clock.systemUTC(), audit, reporter, incidents, dir.resolve("security"));

        long[] toBlock = new long[trials];
        long[] toIncident = new long[trials];
        for (int t = 0; t < trials + 50; t++) {
            String attacker = "10." + (t >> 16 & 255) + "." + (t >> 8 & 255) + "." + (t & 255);
            FinishedRequest wrong = new FinishedRequest(attacker, null, "GET", "/v1/status", 401, 80_000_000, 0, true);
            for (int i = 0; i < 9; i++) {
                detector.observe(wrong);
            }
            CountDownLatch reported = incidents.expectOne();
            long start = System.nanoTime();
            detector.observe(wrong);
            boolean blocked = detector.isBlocked(attacker);
            long blockedAt = System.nanoTime();
            if (!blocked || !reported.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("trial " + t + " was not detected");
            }
            long durableAt = incidents.lastDurableAt.get();
            if (t >= 50) { // the first 50 warm the JIT up
                toBlock[t - 50] = blockedAt - start;
                toIncident[t - 50] = durableAt - start;
            }
        }

        // The price every ordinary request pays: all rules plus the anomaly model, on 1,000 addresses.
        int requests = 2_000_000;
        long begin = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            detector.observe(new FinishedRequest("172.16." + (i % 1000 / 250) + "." + (i % 250), "alice", "GET",
                    "/v1/chain/head", 200, 1_000_000, 0, true));
        }
        double perRequest = (System.nanoTime() - begin) / (double) requests;

        System.out.println("trials: " + trials + " brute forces (10th failed login crosses the threshold)");
        System.out.println("to block (address refused):   " + summary(toBlock));
        System.out.println("to incident forced to disk:   " + summary(toIncident));
        System.out.printf(Locale.ROOT, "screening an ordinary request: %.0f ns%n", perRequest);
        IntrusionBench.stop(detector);
        reporter.shutdown();
    }

    private static String summary(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "p50 %.3f ms, p99 %.3f ms, max %.3f ms", sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6);
    }

    /** Appends each incident as a line and forces it to disk before returning, as the kernel's journal does. */
    static final class DurableIncidents implements IncidentLog {
        private final FileChannel channel;
        private volatile CountDownLatch next = new CountDownLatch(1);
        final AtomicReference<Long> lastDurableAt = new AtomicReference<>(0L);
        private long sequence;

        DurableIncidents(Path file) throws IOException {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }

        CountDownLatch expectOne() {
            next = new CountDownLatch(1);
            return next;
        }

        @Override
        public synchronized Incident report(String part, HealthStatus severity, String cause, String action, String outcome) {
            Incident incident = new Incident(++sequence, Instant.now(), part, severity, cause, action, outcome);
            try {
                channel.write(ByteBuffer.wrap((incident + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.force(false);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            lastDurableAt.set(System.nanoTime());
            next.countDown();
            return incident;
        }

        @Override
        public List<Incident> recent(int limit) {
            return List.of();
        }

        @Override
        public List<Incident> recent(String part, int limit) {
            return List.of();
        }
    }
}
