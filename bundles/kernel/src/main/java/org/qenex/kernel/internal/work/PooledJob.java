package org.qenex.kernel.internal.work;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

import org.qenex.api.work.JobHandle;
import org.qenex.api.work.JobPriority;
import org.qenex.api.work.JobState;

/** A job in the {@link PriorityWorkPool}; its state changes under its own lock. */
final class PooledJob implements JobHandle {

    final String owner;
    final Runnable work;
    /** {@code null} for a one-off job. */
    final Duration period;
    /** Whether {@link #period} counts from the planned start of a run (fixed rate) rather than from its end. */
    final boolean fixedRate;
    /** When the coming or current run was planned to start ({@code System.nanoTime()}); a fixed rate counts from it. */
    volatile long plannedNanos;
    private final String name;
    private final JobPriority priority;
    private final Consumer<PooledJob> onCancel;
    /** FIFO position within its priority, renewed each time it becomes due. */
    volatile long order;

    private JobState state = JobState.SCHEDULED;
    private long runs;
    private String lastError;
    private Thread runner;
    private ScheduledFuture<?> timer;

    PooledJob(String owner, String name, JobPriority priority, Duration period, boolean fixedRate, Runnable work,
            Consumer<PooledJob> onCancel) {
        this.owner = owner;
        this.name = name;
        this.priority = priority;
        this.period = period;
        this.fixedRate = fixedRate;
        this.work = work;
        this.onCancel = onCancel;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public JobPriority priority() {
        return priority;
    }

    @Override
    public synchronized JobState state() {
        return state;
    }

    @Override
    public synchronized long runs() {
        return runs;
    }

    @Override
    public synchronized Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    @Override
    public boolean cancel() {
        synchronized (this) {
            if (hasEnded()) {
                return false;
            }
            state = JobState.CANCELLED;
            if (runner != null) {
                runner.interrupt();
            }
            if (timer != null) {
                timer.cancel(false);
            }
        }
        onCancel.accept(this);
        return true;
    }

    synchronized boolean hasEnded() {
        return state == JobState.COMPLETED || state == JobState.FAILED || state == JobState.CANCELLED;
    }

    synchronized void waitFor(ScheduledFuture<?> nextRun) {
        if (state == JobState.CANCELLED) {
            nextRun.cancel(false);
        }
        timer = nextRun;
    }

    /** @return {@code false} if the job was cancelled meanwhile and must not run */
    synchronized boolean begin(Thread thread) {
        if (state == JobState.CANCELLED) {
            return false;
        }
        state = JobState.RUNNING;
        runner = thread;
        timer = null;
        return true;
    }

    /** @return whether the job is to run again */
    synchronized boolean end(Throwable error) {
        // Cleared under the lock: once this returns, cancel() can no longer interrupt the worker's next job.
        runner = null;
        runs++;
        lastError = error == null ? null : error.toString();
        if (state == JobState.CANCELLED) {
            return false;
        }
        if (period != null) {
            state = JobState.SCHEDULED;
            return true;
        }
        state = error == null ? JobState.COMPLETED : JobState.FAILED;
        return false;
    }

    /** How long after {@code nowNanos} the next run is due. */
    long nextDelayNanos(long nowNanos) {
        return fixedRate ? FixedRate.delayNanos(plannedNanos, period.toNanos(), nowNanos) : period.toNanos();
    }

    @Override
    public String toString() {
        return name + " (" + owner + ")";
    }
}
