package org.qenex.kernel.internal.supervisor;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.qenex.api.health.HealthCheck;
import org.qenex.api.health.HealthResult;

/**
 * Runs health checks off the supervisor's thread, each bounded by a timeout. A check that does not
 * answer in time is reported as unanswered and left to finish: it is not interrupted, since an
 * interrupt closes any NIO channel its thread is reading (a file, a socket) and turns a slow answer
 * into a failure. It is not started again until that run ends, so a stuck check costs one
 * thread, not one per round. Whether "unanswered" means DOWN is the supervisor's call.
 */
final class HealthCheckRunner implements AutoCloseable {

    private final ExecutorService pool;
    /** Keyed by the check's service id; only touched by the supervisor's thread. */
    private final Map<Long, Run> runs = new HashMap<>();

    HealthCheckRunner() {
        AtomicInteger count = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "qenex-health-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * What one check said.
     *
     * @param result its result; DOWN when it threw, or when it did not answer
     * @param unanswered whether it did not answer within the timeout (this round, or a previous run still lasts)
     */
    record Answer(HealthResult result, boolean unanswered) {

        static Answer of(HealthResult result) {
            return new Answer(result, false);
        }

        static Answer none(String why) {
            return new Answer(HealthResult.down(why), true);
        }
    }

    /** One run of one check; {@code ended} only once its thread has really left the check. */
    private static final class Run implements Runnable {
        final HealthCheck check;
        final CompletableFuture<HealthResult> result = new CompletableFuture<>();
        volatile boolean ended;

        Run(HealthCheck check) {
            this.check = check;
        }

        @Override
        public void run() {
            try {
                HealthResult answer = check.check();
                result.complete(answer == null ? HealthResult.down("check returned no result") : answer);
            } catch (Throwable t) {
                // A check must not throw; if it does, that is its result: DOWN.
                result.completeExceptionally(t);
            } finally {
                ended = true;
            }
        }
    }

    /** Runs every check at once and waits at most {@code timeoutMillis} for all of them together. */
    Map<Long, Answer> runAll(Map<Long, HealthCheck> checks, long timeoutMillis) throws InterruptedException {
        runs.keySet().retainAll(checks.keySet());
        Map<Long, Run> started = new HashMap<>();
        Map<Long, Answer> results = new HashMap<>();
        for (Map.Entry<Long, HealthCheck> check : checks.entrySet()) {
            Run previous = runs.get(check.getKey());
            if (previous != null && !previous.ended) {
                results.put(check.getKey(), Answer.none("no answer: its previous run has not ended"));
                continue;
            }
            Run run = new Run(check.getValue());
            runs.put(check.getKey(), run);
            started.put(check.getKey(), run);
            pool.execute(run);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (Map.Entry<Long, Run> entry : started.entrySet()) {
            Run run = entry.getValue();
            try {
                results.put(entry.getKey(), Answer.of(run.result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)));
            } catch (TimeoutException e) {
                results.put(entry.getKey(), Answer.none("no answer within " + timeoutMillis + " ms"));
            } catch (ExecutionException e) {
                results.put(entry.getKey(), Answer.of(HealthResult.down("check threw " + FailureText.of(e.getCause()))));
            }
        }
        return results;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
