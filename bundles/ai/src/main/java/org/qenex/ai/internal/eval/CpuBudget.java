package org.qenex.ai.internal.eval;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * The CPU time one candidate may use, from when the budget was opened: what the thread that opened
 * it used (ThreadMXBean), plus what the training worker process used for it ({@link #charge}, read
 * from the operating system). Checked after each task's training and scoring; the worker is
 * killed when a stage would overrun what is left.
 */
public final class CpuBudget {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long limitNanos;
    private final long startNanos;
    private long chargedNanos;

    private CpuBudget(long limitNanos) {
        this.limitNanos = limitNanos;
        this.startNanos = threadCpuNow();
    }

    /** Opens a budget of {@code limit} CPU time on the calling thread. */
    public static CpuBudget open(Duration limit) {
        return new CpuBudget(limit.toNanos());
    }

    public static CpuBudget unlimited() {
        return new CpuBudget(Long.MAX_VALUE);
    }

    /** CPU time left, at least 1 ns so that a watchdog fires at once when nothing is left. */
    public long remainingNanos() {
        return limitNanos == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(1, limitNanos - usedNanos());
    }

    public Duration used() {
        return Duration.ofNanos(usedNanos());
    }

    /** Adds CPU time another thread used for this budget. */
    public void charge(long nanos) {
        chargedNanos += Math.max(0, nanos);
    }

    /** @throws CandidateRejectedException ({@link CandidateRejectedException#OVER_BUDGET}) once exceeded */
    public void check(String stage) {
        long used = usedNanos();
        if (used > limitNanos) {
            throw new CandidateRejectedException(CandidateRejectedException.OVER_BUDGET,
                    "over the CPU budget of " + Duration.ofNanos(limitNanos).toMillis() + " ms after " + stage
                            + " (" + used / 1_000_000 + " ms used)");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new CandidateRejectedException(CandidateRejectedException.STOPPED, "stopped: the node is shutting down");
        }
    }

    private long usedNanos() {
        return threadCpuNow() - startNanos + chargedNanos;
    }

    /** The calling thread's CPU time (wall time where the JVM cannot measure it). */
    static long threadCpuNow() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }
}
