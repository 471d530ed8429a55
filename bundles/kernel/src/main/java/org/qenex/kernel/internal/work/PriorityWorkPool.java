package org.qenex.kernel.internal.work;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.qenex.api.work.JobHandle;
import org.qenex.api.work.JobPriority;
import org.qenex.api.work.JobState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed set of daemon workers ({@code qenex-work-N}) taking due jobs from one priority queue
 * (HIGH, NORMAL, LOW; first come first served within a priority), of which at most
 * {@link #setLimit(int) limit} run at once. One more worker than the maximum is kept for HIGH
 * jobs (block production): background jobs that fill every slot cannot delay them. LOW jobs do not
 * start while {@code holdBackground} answers true (the node's service is busy). Delayed and
 * periodic jobs wait on a timer thread until they are due; a periodic job's next run is
 * {@code period} after its run ends (fixed delay) or at the next time of its {@link FixedRate}
 * schedule. Either way a periodic job is queued like any other when due, so it yields to pressure alike.
 */
final class PriorityWorkPool implements WorkPool {

    private static final Logger LOG = LoggerFactory.getLogger(PriorityWorkPool.class);

    private static final Comparator<PooledJob> DUE_ORDER = Comparator
            .comparing((PooledJob job) -> job.priority().ordinal()).thenComparingLong(job -> job.order);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<PooledJob> due = new PriorityQueue<>(DUE_ORDER); // guarded by lock
    private final int maxConcurrency;
    private final java.util.function.BooleanSupplier holdBackground;
    private int limit; // guarded by lock
    private int running; // guarded by lock
    private boolean stopped; // guarded by lock

    private final ScheduledExecutorService timer;
    private final List<Thread> workers = new ArrayList<>();
    private final Map<String, Set<PooledJob>> jobsByOwner = new ConcurrentHashMap<>();
    private final AtomicLong order = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    PriorityWorkPool(int maxConcurrency) {
        this(maxConcurrency, () -> false);
    }

    PriorityWorkPool(int maxConcurrency, java.util.function.BooleanSupplier holdBackground) {
        this.holdBackground = holdBackground;
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1, was " + maxConcurrency);
        }
        this.maxConcurrency = maxConcurrency;
        this.limit = maxConcurrency;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "qenex-work-timer");
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 1; i <= maxConcurrency + 1; i++) {
            Thread worker = new Thread(this::work, "qenex-work-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    /** Allows {@code newLimit} (bounded to [1, maxConcurrency]) jobs at once; running jobs are never stopped for it. */
    void setLimit(int newLimit) {
        lock.lock();
        try {
            limit = Math.max(1, Math.min(maxConcurrency, newLimit));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public JobHandle submit(String owner, String name, JobPriority priority, Runnable work) {
        PooledJob job = register(owner, name, priority, null, false, work);
        makeDue(job);
        return job;
    }

    @Override
    public JobHandle schedule(String owner, String name, JobPriority priority, Duration initialDelay, Duration period,
            Runnable work) {
        return periodic(owner, name, priority, initialDelay, period, false, work);
    }

    @Override
    public JobHandle scheduleAtFixedRate(String owner, String name, JobPriority priority, Duration initialDelay,
            Duration period, Runnable work) {
        return periodic(owner, name, priority, initialDelay, period, true, work);
    }

    private JobHandle periodic(String owner, String name, JobPriority priority, Duration initialDelay, Duration period,
            boolean fixedRate, Runnable work) {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(period, "period");
        if (initialDelay.isNegative()) {
            throw new IllegalArgumentException("initialDelay must not be negative, was " + initialDelay);
        }
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive, was " + period);
        }
        PooledJob job = register(owner, name, priority, period, fixedRate, work);
        makeDueAfter(job, initialDelay);
        return job;
    }

    @Override
    public List<JobHandle> jobs(String owner) {
        Set<PooledJob> jobs = jobsByOwner.get(owner);
        return jobs == null ? List.of() : List.copyOf(jobs);
    }

    @Override
    public int cancelAll(String owner) {
        int cancelled = 0;
        for (JobHandle job : jobs(owner)) {
            if (job.cancel()) {
                cancelled++;
            }
        }
        jobsByOwner.remove(owner);
        return cancelled;
    }

    @Override
    public WorkStats stats() {
        int total = jobsByOwner.values().stream().mapToInt(Set::size).sum();
        lock.lock();
        try {
            return new WorkStats(running, due.size(), Math.max(0, total - running - due.size()), limit,
                    maxConcurrency, completed.get(), failed.get());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Cancels every job, interrupting those that run, and waits up to {@code timeout} for the workers to end.
     *
     * @return whether every worker ended in time
     */
    boolean stop(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            stopped = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (String owner : List.copyOf(jobsByOwner.keySet())) {
            cancelAll(owner);
        }
        timer.shutdownNow();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread worker : workers) {
            worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        return workers.stream().noneMatch(Thread::isAlive);
    }

    private PooledJob register(String owner, String name, JobPriority priority, Duration period, boolean fixedRate,
            Runnable work) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(work, "work");
        PooledJob job = new PooledJob(owner, name, priority, period, fixedRate, work, this::forget);
        jobsByOwner.computeIfAbsent(owner, o -> ConcurrentHashMap.newKeySet()).add(job);
        return job;
    }

    private void forget(PooledJob job) {
        lock.lock();
        try {
            due.remove(job);
        } finally {
            lock.unlock();
        }
        Set<PooledJob> jobs = jobsByOwner.get(job.owner);
        if (jobs != null) {
            jobs.remove(job);
        }
    }

    private void makeDueAfter(PooledJob job, Duration delay) {
        job.plannedNanos = System.nanoTime() + delay.toNanos();
        if (delay.isZero()) {
            makeDue(job);
            return;
        }
        try {
            job.waitFor(timer.schedule(() -> makeDue(job), delay.toNanos(), TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException e) {
            job.cancel(); // the pool is stopping
        }
    }

    private void makeDue(PooledJob job) {
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            if (job.hasEnded()) {
                return;
            }
            job.order = order.incrementAndGet();
            due.add(job);
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        while (true) {
            PooledJob job;
            lock.lock();
            try {
                while (!stopped && !canStart(due.peek())) {
                    if (due.isEmpty() || due.peek().priority() != JobPriority.LOW) {
                        changed.awaitUninterruptibly();
                    } else {
                        // Held back for the service: look again soon, the hold lifts without a signal.
                        try {
                            changed.awaitNanos(TimeUnit.MILLISECONDS.toNanos(100));
                        } catch (InterruptedException e) {
                            // meant for a job that ended: workers stop on the stopped flag, not on interruption
                        }
                    }
                }
                if (stopped) {
                    return;
                }
                job = due.poll();
                running++;
            } finally {
                lock.unlock();
            }
            try {
                runOnce(job);
            } finally {
                lock.lock();
                try {
                    running--;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** Whether {@code next} may start now (guarded by lock). */
    private boolean canStart(PooledJob next) {
        if (next == null) {
            return false;
        }
        return switch (next.priority()) {
            case HIGH -> running < maxConcurrency + 1;
            case NORMAL -> running < limit;
            case LOW -> running < limit && !holdBackground.getAsBoolean();
        };
    }

    private void runOnce(PooledJob job) {
        if (!job.begin(Thread.currentThread())) {
            return;
        }
        Throwable error = null;
        try {
            job.work.run();
        } catch (Throwable t) {
            error = t;
        }
        // Counted before end(): whoever sees the job ended also sees it counted.
        if (error == null) {
            completed.incrementAndGet();
        } else if (job.state() != JobState.CANCELLED) {
            failed.incrementAndGet();
            LOG.warn("Job {} failed", job, error);
        }
        boolean again = job.end(error);
        Thread.interrupted(); // an interrupt meant for this job must not hit the next one
        if (again) {
            makeDueAfter(job, Duration.ofNanos(job.nextDelayNanos(System.nanoTime())));
        } else {
            forget(job);
        }
    }
}
