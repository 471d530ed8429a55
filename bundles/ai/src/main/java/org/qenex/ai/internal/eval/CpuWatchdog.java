package org.qenex.ai.internal.eval;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a training that exceeds its CPU budget. Weka's learners never poll for interruption (a
 * Logistic on 200 word features ran for 8 CPU minutes here, J48 on 500 for 2), so the last resort
 * is {@link Thread#stop()}. The work therefore runs on a worker thread of its own, which the caller
 * waits for: when the budget is spent the caller gets the rejection at once, and only the worker,
 * with the half-built objects of that one training, is stopped and discarded.
 *
 * <p>The watchdog has its own single thread, owned by the component that creates it and shut down
 * with it ({@link #close()}): a {@code WorkScheduler} job cannot serve here, because under load
 * the scheduler may run only one job at a time, and that is the training it would have to stop.
 */
public final class CpuWatchdog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CpuWatchdog.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final AtomicLong WORKERS = new AtomicLong();

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "qenex-ai-cpu-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Runs {@code work} on a worker thread and waits for it, charging its CPU time to
     * {@code budget}; stops it once it used more than the budget has left, or when the calling
     * thread is interrupted.
     *
     * @throws CandidateRejectedException ({@link CandidateRejectedException#OVER_BUDGET}) when stopped
     */
    public <T> T run(CpuBudget budget, String stage, Supplier<T> work) {
        long budgetNanos = budget.remainingNanos();
        CompletableFuture<T> result = new CompletableFuture<>();
        AtomicLong usedNanos = new AtomicLong();
        Thread worker = new Thread(() -> {
            long start = CpuBudget.threadCpuNow();
            try {
                T value = work.get();
                usedNanos.set(CpuBudget.threadCpuNow() - start);
                result.complete(value);
            } catch (Throwable failure) { // ThreadDeath too: the caller has its answer already
                usedNanos.set(CpuBudget.threadCpuNow() - start);
                result.completeExceptionally(failure);
            }
        }, "qenex-ai-training-" + WORKERS.incrementAndGet());
        worker.setDaemon(true);
        worker.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        Watch watch = new Watch(worker, budgetNanos, stage, result);
        ScheduledFuture<?> checks = timer.scheduleAtFixedRate(watch::check, 50, 50, TimeUnit.MILLISECONDS);
        worker.start();
        try {
            T value = result.get();
            budget.charge(usedNanos.get());
            return value;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            CandidateRejectedException stopped = new CandidateRejectedException(CandidateRejectedException.OVER_BUDGET,
                    "stopped during " + stage + ": the node is shutting down");
            watch.halt(stopped);
            throw stopped;
        } catch (ExecutionException e) {
            budget.charge(watch.halted() ? budgetNanos : usedNanos.get());
            throw rethrown(e.getCause());
        } finally {
            checks.cancel(false);
        }
    }

    private static RuntimeException rethrown(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private static final class Watch {

        private final Thread worker;
        private final long budgetNanos;
        private final String stage;
        private final CompletableFuture<?> result;
        private volatile boolean halted;

        Watch(Thread worker, long budgetNanos, String stage, CompletableFuture<?> result) {
            this.worker = worker;
            this.budgetNanos = budgetNanos;
            this.stage = stage;
            this.result = result;
        }

        void check() {
            if (result.isDone()) {
                return;
            }
            long used = THREADS.getThreadCpuTime(worker.getId());
            if (used > budgetNanos) {
                halt(new CandidateRejectedException(CandidateRejectedException.OVER_BUDGET,
                        "stopped after " + budgetNanos / 1_000_000 + " ms of CPU during " + stage + ": over the budget"));
            }
        }

        boolean halted() {
            return halted;
        }

        /** Answers the caller with {@code rejection} (unless the work finished first) and stops the worker. */
        @SuppressWarnings({ "deprecation", "removal" })
        synchronized void halt(CandidateRejectedException rejection) {
            if (halted || !result.completeExceptionally(rejection)) {
                return;
            }
            halted = true;
            worker.interrupt();
            try {
                worker.stop();
            } catch (UnsupportedOperationException e) {
                // Java 20 and later cannot stop a thread, and Weka never looks at its interrupt flag. The
                // caller has the rejection already; the worker is left to finish on its own, yielding to
                // everything else, and whatever it builds is discarded.
                worker.setPriority(Thread.MIN_PRIORITY);
                LOG.warn("Thread.stop is not supported on Java {}: {} ({}) keeps running at minimum priority until it "
                        + "finishes; its candidate is rejected", Runtime.version().feature(), worker.getName(), stage);
            }
        }
    }
}
