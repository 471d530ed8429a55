package org.qenex.api.work.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.qenex.api.work.JobHandle;
import org.qenex.api.work.JobPriority;
import org.qenex.api.work.JobState;
import org.qenex.api.work.WorkScheduler;

/**
 * A work scheduler for tests outside the container that runs nothing by itself: the test runs the
 * jobs with {@link #runAll()}, on its own thread, so a test of a component's background work needs
 * no sleeps. Delays and periods are recorded, not waited for; a periodic job stays scheduled after
 * each run, a one-off job completes or fails, as in the kernel's scheduler.
 */
public final class ManualWorkScheduler implements WorkScheduler {

    private final List<Job> jobs = new ArrayList<>();
    private volatile BooleanSupplier busy = () -> false;

    @Override
    public synchronized JobHandle submit(String name, JobPriority priority, Runnable work) {
        return add(new Job(name, priority, Duration.ZERO, null, work));
    }

    @Override
    public synchronized JobHandle schedule(String name, JobPriority priority, Duration initialDelay, Duration period, Runnable work) {
        return add(new Job(name, priority, initialDelay, period, work));
    }

    @Override
    public synchronized JobHandle scheduleAtFixedRate(String name, JobPriority priority, Duration initialDelay, Duration period,
            Runnable work) {
        return add(new Job(name, priority, initialDelay, period, work));
    }

    @Override
    public synchronized List<JobHandle> jobs() {
        return List.copyOf(jobs);
    }

    /** The names of every job submitted or scheduled so far, in order, finished and cancelled ones included. */
    public synchronized List<String> names() {
        return jobs.stream().map(job -> job.name).toList();
    }

    /** Runs every job that is still scheduled once, in the order they were submitted; returns how many ran. */
    public int runAll() {
        List<Job> due;
        synchronized (this) {
            due = jobs.stream().filter(job -> job.state == JobState.SCHEDULED).toList();
        }
        due.forEach(Job::run);
        return due.size();
    }

    /** Runs every still scheduled job named {@code name} once, in the order submitted; returns how many ran. */
    public int runAll(String name) {
        List<Job> due;
        synchronized (this) {
            due = jobs.stream().filter(job -> job.state == JobState.SCHEDULED && job.name.equals(name)).toList();
        }
        due.forEach(Job::run);
        return due.size();
    }

    /** Runs {@code job} (a handle of this scheduler) once, now, as {@link #runAll()} would. */
    public void run(JobHandle job) {
        ((Job) job).run();
    }

    /** What {@link #serviceBusy()} answers from now on (false until set); a test can count the questions in it. */
    public void setServiceBusy(BooleanSupplier signal) {
        busy = signal;
    }

    @Override
    public boolean serviceBusy() {
        return busy.getAsBoolean();
    }

    /** The delay the job named {@code name} was scheduled with (recorded, never waited for). */
    public synchronized Duration initialDelay(String name) {
        return ((Job) job(name)).initialDelay;
    }

    /** The delay {@code job} (a handle of this scheduler) was scheduled with. */
    public Duration initialDelay(JobHandle job) {
        return ((Job) job).initialDelay;
    }

    /** The job named {@code name} submitted or scheduled last (a component that plans its next run from each run). */
    public synchronized JobHandle last(String name) {
        for (int i = jobs.size() - 1; i >= 0; i--) {
            if (jobs.get(i).name.equals(name)) {
                return jobs.get(i);
            }
        }
        throw new AssertionError("no job " + name + "; jobs: " + jobs);
    }

    /** The job named {@code name} (the first, if there are several). */
    public synchronized JobHandle job(String name) {
        return jobs.stream().filter(job -> job.name.equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no job " + name + "; jobs: " + jobs));
    }

    private JobHandle add(Job job) {
        jobs.add(job);
        return job;
    }

    private static final class Job implements JobHandle {
        private final String name;
        private final JobPriority priority;
        private final Duration initialDelay;
        private final Duration period;
        private final Runnable work;
        private volatile JobState state = JobState.SCHEDULED;
        private volatile long runs;
        private volatile String lastError;

        Job(String name, JobPriority priority, Duration initialDelay, Duration period, Runnable work) {
            this.name = name;
            this.priority = priority;
            this.initialDelay = initialDelay;
            this.period = period;
            this.work = work;
        }

        void run() {
            state = JobState.RUNNING;
            try {
                work.run();
                lastError = null;
                finish(JobState.COMPLETED);
            } catch (RuntimeException e) {
                lastError = String.valueOf(e);
                finish(JobState.FAILED);
            } finally {
                runs++;
            }
        }

        private void finish(JobState oneOff) {
            if (state == JobState.RUNNING) { // not cancelled by the work itself
                state = period == null ? oneOff : JobState.SCHEDULED;
            }
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
        public JobState state() {
            return state;
        }

        @Override
        public long runs() {
            return runs;
        }

        @Override
        public Optional<String> lastError() {
            return Optional.ofNullable(lastError);
        }

        @Override
        public boolean cancel() {
            boolean wasActive = state == JobState.SCHEDULED || state == JobState.RUNNING;
            if (wasActive) {
                state = JobState.CANCELLED;
            }
            return wasActive;
        }

        @Override
        public String toString() {
            return name + " (" + state + ", every " + period + " after " + initialDelay + ")";
        }
    }
}
