package org.qenex.network.internal.peer;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One time budget for stopping every thread of the engine: deactivation must end well within the
 * SCR timeout the kernel supervisor allows (10 s) however many executors are busy, or the component
 * is left half-stopped. What is still running when the budget is spent ends on its own, in the
 * background (daemon threads).
 */
final class StopDeadline {

    private final LongSupplier nanoClock;
    private final long deadline;

    StopDeadline(Duration budget) {
        this(budget, System::nanoTime);
    }

    StopDeadline(Duration budget, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.deadline = nanoClock.getAsLong() + budget.toNanos();
    }

    /** What is left of the budget, at least 0. */
    long remainingMillis() {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - nanoClock.getAsLong()));
    }

    /**
     * Stops an executor that calls the ledger: its queued tasks are dropped, the one running is NOT
     * interrupted (an import or an admission ends by the ledger's rules, not by a stop: an interrupt
     * would make a verifier's re-training or a wait inside the ledger fail instead), and it is
     * awaited for at most {@code cap} and the
     * rest of the budget: an import of a large block behind a store commit takes seconds on a busy
     * machine, and finishes as well without anyone waiting for it.
     *
     * @return whether it ended in that time
     */
    boolean stopLedgerCalls(ExecutorService executor, Duration cap) throws InterruptedException {
        if (executor == null) {
            return true;
        }
        if (executor instanceof ThreadPoolExecutor pool) {
            pool.shutdown();
            pool.getQueue().clear();
        } else {
            executor.shutdownNow();
        }
        return executor.awaitTermination(Math.min(cap.toMillis(), remainingMillis()), TimeUnit.MILLISECONDS);
    }

    /** Stops an executor whose tasks are only bookkeeping: interrupted, awaited for at most {@code cap} and the rest of the budget. */
    boolean stopBookkeeping(ExecutorService executor, Duration cap) throws InterruptedException {
        if (executor == null) {
            return true;
        }
        executor.shutdownNow();
        return executor.awaitTermination(Math.min(cap.toMillis(), remainingMillis()), TimeUnit.MILLISECONDS);
    }
}
