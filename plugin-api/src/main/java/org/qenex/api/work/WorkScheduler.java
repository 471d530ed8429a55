package org.qenex.api.work;

import java.time.Duration;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs background work for a bundle.
 *
 * <p>The kernel provides one instance per using bundle: every job a bundle submitted is
 * cancelled when the bundle releases the service, which it does when it stops, so no job
 * outlives its code. How many jobs run at once adapts to the node's load: it shrinks when CPU
 * or heap are under pressure and grows back when they are not, so background work never
 * starves the node's API.
 *
 * <p>Jobs must react to interruption; a job that throws is logged and, if periodic, runs again
 * at its next time.
 *
 * @since 1.0.0
 */
@ProviderType
public interface WorkScheduler {

    /** Runs {@code work} once, as soon as a slot is free. */
    JobHandle submit(String name, JobPriority priority, Runnable work);

    /**
     * Runs {@code work} after {@code initialDelay}, then again {@code period} after each run
     * ends, until cancelled.
     */
    JobHandle schedule(String name, JobPriority priority, Duration initialDelay, Duration period, Runnable work);

    /**
     * Runs {@code work} at a fixed rate: first after {@code initialDelay}, then at
     * {@code initialDelay + k * period} for k = 1, 2, ... until cancelled. Runs never overlap:
     * a run that is still going, or that waits for a slot because the node is under pressure (a
     * {@link JobPriority#LOW} job does not start while {@link #serviceBusy()}), delays the next
     * one. The times missed meanwhile are skipped, not made up in a burst: the next run is at the
     * first time of the schedule that has not passed when the late run ends (at once if that is
     * exactly now). Use it for work tied to the wall clock (a report every minute); use
     * {@link #schedule} for work that needs a pause between runs.
     *
     * @throws IllegalArgumentException if {@code initialDelay} is negative or {@code period} not positive
     * @throws UnsupportedOperationException from implementations older than 1.2.0 (the kernel's supports it)
     * @since 1.2.0
     */
    default JobHandle scheduleAtFixedRate(String name, JobPriority priority, Duration initialDelay, Duration period,
            Runnable work) {
        throw new UnsupportedOperationException("this WorkScheduler does not run fixed-rate jobs");
    }

    /** The jobs this bundle submitted that have not ended. */
    List<JobHandle> jobs();

    /**
     * Whether background work should hold back now, because the node's service (REST requests,
     * transaction admission, block production) is under load. Long {@link JobPriority#LOW} jobs
     * check it between steps, or pause what they supervise while it is true. The kernel bounds how
     * long it stays true without a break, so background work is slowed under sustained load, never
     * starved.
     *
     * @return {@code false} where the implementation does not measure the service's load
     * @since 1.1.0
     */
    default boolean serviceBusy() {
        return false;
    }

    /**
     * Waits while {@link #serviceBusy()} is true, at most {@code maxWait}.
     *
     * @return whether the service is quiet now ({@code false}: still busy after {@code maxWait})
     * @throws InterruptedException if the calling thread is interrupted while waiting (the job is being cancelled)
     * @since 1.1.0
     */
    default boolean awaitQuiet(Duration maxWait) throws InterruptedException {
        return !serviceBusy();
    }
}
