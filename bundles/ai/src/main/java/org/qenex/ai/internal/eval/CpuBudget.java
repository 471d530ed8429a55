package org.qenex.ai.internal.eval;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * The CPU time one candidate may use, measured on the thread that trains it (ThreadMXBean), from
 * when the budget was opened. Checked after each task's training and scoring: Weka's learners do
 * not poll for interruption, so a stage runs to its end; the allow-list's option ranges and the
 * row caps bound how long one stage can take.
 */
public final class CpuBudget {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long limitNanos;
    private final long startNanos;

    private CpuBudget(long limitNanos) {
        this.limitNanos = limitNanos;
        this.startNanos = cpuNow();
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
        return limitNanos == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(1, limitNanos - (cpuNow() - startNanos));
    }

    public Duration used() {
        return Duration.ofNanos(cpuNow() - startNanos);
    }

    /** @throws CandidateRejectedException ({@link CandidateRejectedException#OVER_BUDGET}) once exceeded */
    public void check(String stage) {
        long used = cpuNow() - startNanos;
        if (used > limitNanos) {
            throw new CandidateRejectedException(CandidateRejectedException.OVER_BUDGET,
                    "over the CPU budget of " + Duration.ofNanos(limitNanos).toMillis() + " ms after " + stage
                            + " (" + used / 1_000_000 + " ms used)");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new CandidateRejectedException(CandidateRejectedException.OVER_BUDGET, "stopped: the node is shutting down");
        }
    }

    private static long cpuNow() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }
}
