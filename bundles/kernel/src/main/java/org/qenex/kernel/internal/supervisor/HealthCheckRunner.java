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
 * Runs health checks off the supervisor's thread, each bounded by a timeout. A check that hangs
 * and ignores interruption keeps its one thread; it is not started again until that run ends, so
 * a stuck check costs one thread, not one per round.
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

    /** One run of one check; {@code ended} only once its thread has really left the check. */
    private static final class Run implements Runnable {
        final HealthCheck check;
        final CompletableFuture<HealthResult> result = new CompletableFuture<>();
        volatile Thread runner;
        volatile boolean ended;

        Run(HealthCheck check) {
            this.check = check;
        }

        @Override
        public void run() {
            runner = Thread.currentThread();
            try {
                HealthResult answer = check.check();
                result.complete(answer == null ? HealthResult.down("check returned no result") : answer);
            } catch (Throwable t) {
                // A check must not throw; if it does, that is its result: DOWN.
                result.completeExceptionally(t);
            } finally {
                runner = null;
                ended = true;
                Thread.interrupted();
            }
        }

        void interrupt() {
            Thread thread = runner;
            if (thread != null) {
                thread.interrupt();
            }
        }
    }

    /** Runs every check at once and waits at most {@code timeoutMillis} for all of them together. */
    Map<Long, HealthResult> runAll(Map<Long, HealthCheck> checks, long timeoutMillis) throws InterruptedException {
        runs.keySet().retainAll(checks.keySet());
        Map<Long, Run> started = new HashMap<>();
        Map<Long, HealthResult> results = new HashMap<>();
        for (Map.Entry<Long, HealthCheck> check : checks.entrySet()) {
            Run previous = runs.get(check.getKey());
            if (previous != null && !previous.ended) {
                results.put(check.getKey(), HealthResult.down("previous run has not ended after the timeout"));
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
                results.put(entry.getKey(), run.result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                run.interrupt();
                results.put(entry.getKey(), HealthResult.down("no answer within " + timeoutMillis + " ms"));
            } catch (ExecutionException e) {
                results.put(entry.getKey(), HealthResult.down("check threw " + FailureText.of(e.getCause())));
            }
        }
        return results;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
