package org.qenex.monitoring.internal.bench;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiDispatcher;
import org.qenex.api.http.ApiRequest;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.Route;
import org.qenex.api.http.testing.FakeHttp;
import org.qenex.monitoring.internal.collect.Scrape;
import org.qenex.monitoring.internal.log.LogLine;
import org.qenex.monitoring.internal.log.LogRing;
import org.qenex.monitoring.internal.rest.RestMetrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;

/**
 * What the REST metrics cost a request: the REST kit's dispatcher serving a small JSON route from
 * THREADS threads, without an observer and with the monitoring bundle's {@link RestMetrics},
 * alternately (ROUNDS rounds of REQUESTS each, so a change in the machine's load hits both sides);
 * per-request latency p50/p99 and throughput for each. Then the cost of one scrape of the REST
 * families with SERIES series, and of one log event appended to the recent-log ring (paid by the
 * thread that logs). Everything but the network and TLS, which metrics do not touch.
 *
 * <p>Usage: {@code MetricsOverheadBench [THREADS] [REQUESTS] [ROUNDS] [SERIES]} (defaults 2, 200000, 4, 300).
 */
public final class MetricsOverheadBench {

    public static final class Resource implements ApiResource {
        @Route(method = "GET", path = "/v1/bench/{id}", role = ApiContext.ROLE_VIEWER)
        public Map<String, Object> one(ApiRequest request) {
            return Map.of("id", request.pathParameter("id"), "ok", true);
        }
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int series = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        System.out.printf("threads %d, %d requests per round, %d rounds per side, %d cores, load %s%n", threads, requests,
                rounds, Runtime.getRuntime().availableProcessors(), loadAverage());

        ApiDispatcher plain = new ApiDispatcher();
        plain.add(new Resource());
        ApiDispatcher observed = new ApiDispatcher();
        observed.add(new Resource());
        RestMetrics metrics = new RestMetrics();
        observed.addObserver(metrics);
        run(plain, threads, requests / 10);
        run(observed, threads, requests / 10);

        List<long[]> without = new ArrayList<>();
        List<long[]> with = new ArrayList<>();
        double[] throughput = new double[2];
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            without.add(run(plain, threads, requests));
            throughput[0] += requests / ((System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            with.add(run(observed, threads, requests));
            throughput[1] += requests / ((System.nanoTime() - start) / 1e9);
        }
        report("without metrics", merge(without), throughput[0] / rounds);
        report("with metrics   ", merge(with), throughput[1] / rounds);

        RestMetrics many = new RestMetrics();
        for (int i = 0; i < series; i++) {
            many.served("GET", "/v1/route" + i % (series / 3 + 1), 200 + i % 3 * 100, 1_000_000L * (i % 50));
        }
        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        long[] scrapes = new long[200];
        int bytes = 0;
        for (int i = 0; i < scrapes.length; i++) {
            long start = System.nanoTime();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writer.write(out, Scrape.of(List.of(many)), EscapingScheme.UNDERSCORE_ESCAPING);
            scrapes[i] = System.nanoTime() - start;
            bytes = out.size();
        }
        Arrays.sort(scrapes);
        System.out.printf("scrape of %d REST series (%d KiB): median %.2f ms, p99 %.2f ms%n", series, bytes / 1024,
                scrapes[scrapes.length / 2] / 1e6, scrapes[scrapes.length * 99 / 100] / 1e6);

        LogRing ring = new LogRing(10_000);
        LogLine line = new LogLine(System.currentTimeMillis(), "INFO", "org.qenex.x.Y", "t", "a message of some length", "rq", "b", null);
        int appends = 2_000_000;
        long start = System.nanoTime();
        for (int i = 0; i < appends; i++) {
            ring.add(line);
        }
        System.out.printf("log ring: %.0f ns per event appended (one thread)%n", (System.nanoTime() - start) / (double) appends);
        System.out.printf("load after: %s%n", loadAverage());
    }

    /** Latencies of {@code requests} requests spread over {@code threads} threads, in ns. */
    private static long[] run(ApiDispatcher api, int threads, int requests) throws InterruptedException {
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    FakeHttp call = FakeHttp.get("/v1/bench/" + (i % 100)).as("bench", ApiContext.ROLE_VIEWER);
                    long start = System.nanoTime();
                    call.sendTo(api);
                    latencies[i] = System.nanoTime() - start;
                    if (call.status() != 200) {
                        throw new IllegalStateException("status " + call.status());
                    }
                }
                done.countDown();
            });
            worker.start();
        }
        done.await();
        return latencies;
    }

    private static long[] merge(List<long[]> parts) {
        long[] all = parts.stream().flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(all);
        return all;
    }

    private static void report(String what, long[] sorted, double perSecond) {
        System.out.printf("%s: p50 %.1f us, p99 %.1f us, p99.9 %.1f us, %.0f requests/s%n", what, sorted[sorted.length / 2] / 1e3,
                sorted[(int) (sorted.length * 0.99)] / 1e3, sorted[(int) (sorted.length * 0.999)] / 1e3, perSecond);
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
