package org.qenex.ai.internal.eval;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Stops a training that exceeds its CPU budget. Weka's learners never poll for interruption (a
 * Logistic on 200 word features ran for 8 CPU minutes here, J48 on 500 for 2), so the last resort
 * is {@link Thread#stop()}: the training thread gets a {@link ThreadDeath} that
 * {@link #watch} turns into a rejection. Only the objects of that one training are left half
 * built, and they are discarded.
 *
 * <p>The watchdog has its own single thread, owned by the component that creates it and shut down
 * with it ({@link #close()}): a {@code WorkScheduler} job cannot serve here, because under load
 * the scheduler may run only one job at a time, and that is the training it would have to stop.
 */
public final class CpuWatchdog implements AutoCloseable {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "qenex-ai-cpu-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    /** Runs {@code work} on the calling thread, stopping it once it used more than {@code budgetNanos} CPU. */
    public <T> T run(long budgetNanos, String stage, java.util.function.Supplier<T> work) {
        Watch watch = new Watch(Thread.currentThread(), budgetNanos);
        watch.future = timer.scheduleAtFixedRate(watch::check, 50, 50, TimeUnit.MILLISECONDS);
        try {
            T result = work.get();
            watch.close();
            return result;
        } catch (ThreadDeath death) {
            watch.close();
            if (watch.fired) {
                throw overBudget(budgetNanos, stage);
            }
            throw death;
        } finally {
            watch.close();
            if (watch.fired) {
                throw overBudget(budgetNanos, stage);
            }
        }
    }

    private static CandidateRejectedException overBudget(long budgetNanos, String stage) {
        return new CandidateRejectedException(CandidateRejectedException.OVER_BUDGET,
                "stopped after " + budgetNanos / 1_000_000 + " ms of CPU during " + stage + ": over the budget");
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private static final class Watch {

        private final Thread thread;
        private final long budgetNanos;
        private final long startNanos;
        private ScheduledFuture<?> future;
        private boolean closed;
        private volatile boolean fired;

        Watch(Thread thread, long budgetNanos) {
            this.thread = thread;
            this.budgetNanos = budgetNanos;
            this.startNanos = THREADS.getThreadCpuTime(thread.getId());
        }

        @SuppressWarnings({ "deprecation", "removal" })
        synchronized void check() {
            if (closed || fired) {
                return;
            }
            long used = THREADS.getThreadCpuTime(thread.getId()) - startNanos;
            if (used > budgetNanos) {
                fired = true;
                thread.stop();
            }
        }

        /** After this returns, no stop is pending for the thread. */
        void close() {
            boolean wait;
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                wait = fired;
            }
            if (future != null) {
                future.cancel(false);
            }
            // A stop that was issued is delivered at the thread's next safepoint: absorb it here.
            for (int i = 0; wait && i < 1000; i++) {
                try {
                    Thread.sleep(1);
                } catch (ThreadDeath death) {
                    wait = false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
