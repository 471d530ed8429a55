package org.qenex.ai.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.qenex.api.work.JobHandle;
import org.qenex.api.work.JobPriority;
import org.qenex.api.work.JobState;
import org.qenex.api.work.WorkScheduler;

/**
 * A {@link WorkScheduler} for unit tests that runs nothing by itself: it records the name of everything
 * submitted or scheduled, keeps the work until its handle is cancelled, and runs it only when the test calls
 * {@link #runAll()}.
 */
public final class RecordingScheduler implements WorkScheduler {

    private final List<String> names = new ArrayList<>();
    private final List<Job> pending = new ArrayList<>();

    /** The names of all work submitted or scheduled so far, in order, cancelled work included. */
    public List<String> names() {
        return Collections.unmodifiableList(names);
    }

    /** Runs once, in order, every recorded work not cancelled; the work stays recorded. */
    public void runAll() {
        List.copyOf(pending).forEach(job -> job.work.run());
    }

    @Override
    public JobHandle submit(String name, JobPriority priority, Runnable work) {
        return record(name, priority, work);
    }

    @Override
    public JobHandle schedule(String name, JobPriority priority, Duration initialDelay, Duration period,
            Runnable work) {
        return record(name, priority, work);
    }

    @Override
    public List<JobHandle> jobs() {
        return List.copyOf(pending);
    }

    private JobHandle record(String name, JobPriority priority, Runnable work) {
        names.add(name);
        Job job = new Job(this, name, priority, work);
        pending.add(job);
        return job;
    }

    /** Recorded work; cancelling removes it so that {@link #runAll()} no longer runs it. */
    private record Job(RecordingScheduler owner, String name, JobPriority priority, Runnable work)
            implements JobHandle {

        @Override
        public JobState state() {
            return JobState.SCHEDULED;
        }

        @Override
        public long runs() {
            return 0;
        }

        @Override
        public Optional<String> lastError() {
            return Optional.empty();
        }

        @Override
        public boolean cancel() {
            return owner.pending.removeIf(job -> job == this);
        }
    }
}
