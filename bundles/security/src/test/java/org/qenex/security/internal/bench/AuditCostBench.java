package org.qenex.security.internal.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.qenex.security.internal.audit.AuditTrail;
import org.qenex.security.internal.intrusion.FinishedRequest;
import org.qenex.security.internal.intrusion.IntrusionBench;
import org.qenex.security.internal.intrusion.IntrusionDetector;
import org.qenex.security.internal.intrusion.RequestWatch;

/**
 * What the gateway's audit costs per signed transfer submit ({@code POST /api/v1/chain/transactions},
 * answered 201): the request watch's whole work after the answer (audit, then intrusion detection)
 * from {@code threads} request threads at once, with the real audit file (synced every 200 ms).
 * Three rounds each of: every submit audited alone (as before), submits summarised per client and
 * minute (now), and a read (not audited; the floor: intrusion detection only).
 *
 * <p>Run (see README): {@code java -cp ... org.qenex.security.internal.bench.AuditCostBench [requests] [threads]}
 */
public final class AuditCostBench {

    private AuditCostBench() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path dir = Files.createTempDirectory("qenex-audit-bench");
        AuditTrail audit = IntrusionBench.fileAuditTrail(dir.resolve("security"));
        // the load generator's one address, never blocked: the rules run, no block ends the run
        IntrusionDetector detector = IntrusionBench.detector(Map.of("anomalyEnabled", false,
                "neverBlock", new String[] {"10.0.0.1"}), Clock.systemUTC(), audit, Runnable::run, null, null);
        RequestWatch alone = IntrusionBench.requestWatch(audit, detector, false);
        RequestWatch summarised = IntrusionBench.requestWatch(audit, detector, true);
        Path log = dir.resolve("security/audit.jsonl");
        for (int round = 1; round <= 3; round++) {
            run(round, "each submit audited alone", alone, "POST", requests, threads, log);
            run(round, "submits summarised       ", summarised, "POST", requests, threads, log);
            run(round, "read (not audited)       ", summarised, "GET", requests, threads, log);
        }
        IntrusionBench.stop(summarised);
        IntrusionBench.stop(alone);
        IntrusionBench.stop(detector);
        System.exit(0);
    }

    private static void run(int round, String name, RequestWatch watch, String method, int requests, int threads,
            Path log) throws Exception {
        long sizeBefore = Files.size(log);
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(threads);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                while (next.getAndIncrement() < requests) {
                    watch.finished(new FinishedRequest("10.0.0.1", null, method, "/v1/chain/transactions", 201,
                            2_000_000L, 260, false));
                }
                done.countDown();
            });
            thread.start();
        }
        done.await();
        long nanos = System.nanoTime() - start;
        System.out.printf(Locale.ROOT, "round %d, %s, %d threads: %,d requests in %,d ms = %.2f us each "
                + "(%,.0f/s); audit.jsonl grew %.1f bytes per request%n", round, name, threads, requests,
                nanos / 1_000_000, nanos / 1000.0 / requests, requests * 1e9 / nanos,
                (Files.size(log) - sizeBefore) / (double) requests);
    }
}
