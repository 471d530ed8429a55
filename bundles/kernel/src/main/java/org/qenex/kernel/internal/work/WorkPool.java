package org.qenex.kernel.internal.work;

import java.time.Duration;
import java.util.List;

import org.qenex.api.work.JobHandle;
import org.qenex.api.work.JobPriority;

/**
 * The kernel's one pool of background workers, shared by every bundle's
 * {@link org.qenex.api.work.WorkScheduler}; jobs are tagged with their owner so that they can be
 * cancelled together.
 */
public interface WorkPool {

    /** The owner name of the jobs a bundle submits through its {@link org.qenex.api.work.WorkScheduler}. */
    static String ownerOf(String symbolicName, long bundleId) {
        return symbolicName + " [" + bundleId + "]";
    }

    JobHandle submit(String owner, String name, JobPriority priority, Runnable work);

    JobHandle schedule(String owner, String name, JobPriority priority, Duration initialDelay, Duration period,
            Runnable work);

    /** Like {@link #schedule}, at a fixed rate: see {@link org.qenex.api.work.WorkScheduler#scheduleAtFixedRate}. */
    JobHandle scheduleAtFixedRate(String owner, String name, JobPriority priority, Duration initialDelay,
            Duration period, Runnable work);

    /** The owner's jobs that have not ended. */
    List<JobHandle> jobs(String owner);

    /** Cancels every job of the owner, interrupting those that run; returns how many were cancelled. */
    int cancelAll(String owner);

    WorkStats stats();
}
