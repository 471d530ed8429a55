package org.qenex.kernel.internal.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} and a {@link Clock} in simulated time, for code that runs on
 * one thread of its own (the supervisor). Nothing runs by itself: {@link #advance(Duration)} moves
 * the clock forward and runs, on the calling thread, every task that falls due on the way, each at
 * its own time and in order. {@link #execute(Runnable)} (and so {@code submit}) runs at once on the
 * caller's thread, as if the executor's one thread were idle, so a {@code submit(...).get()} from a
 * test returns. A test can therefore say "ten simulated minutes pass" and then assert what did
 * not happen, without sleeping and without guessing how long is long enough.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final Instant start;
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private long nowNanos;
    private long sequence;
    private boolean running;
    private boolean shutdown;

    public ManualScheduler(Instant start) {
        this.start = start;
    }

    /** The simulated clock, in UTC. */
    public Clock clock() {
        return new SimulatedClock(ZoneOffset.UTC);
    }

    public Instant now() {
        return start.plusNanos(nowNanos);
    }

    /** Runs what is due now, without moving the clock. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** Moves the clock forward by {@code time}, running every task that falls due, each at its time. */
    public synchronized void advance(Duration time) {
        long target = nowNanos + time.toNanos();
        if (running) {
            throw new IllegalStateException("advance() from inside a task");
        }
        running = true;
        try {
            Task<?> next;
            while ((next = queue.peek()) != null && next.dueNanos <= target) {
                queue.poll();
                nowNanos = Math.max(nowNanos, next.dueNanos);
                next.run();
            }
            nowNanos = target;
        } finally {
            running = false;
        }
    }

    /** Tasks waiting for their time (periodic ones count once). */
    public synchronized int pending() {
        return queue.size();
    }

    @Override
    public synchronized void execute(Runnable command) {
        enqueue(new Task<Void>(Executors.callable(command, null), nowNanos, 0));
        if (!running) {
            runDue();
        }
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return enqueue(new Task<Void>(Executors.callable(command, null), nowNanos + unit.toNanos(delay), 0));
    }

    @Override
    public synchronized <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return enqueue(new Task<>(callable, nowNanos + unit.toNanos(delay), 0));
    }

    @Override
    public synchronized ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period,
            TimeUnit unit) {
        return enqueue(new Task<Void>(Executors.callable(command, null), nowNanos + unit.toNanos(initialDelay),
                unit.toNanos(period)));
    }

    @Override
    public synchronized ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
            TimeUnit unit) {
        return enqueue(new Task<Void>(Executors.callable(command, null), nowNanos + unit.toNanos(initialDelay),
                -unit.toNanos(delay)));
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
        queue.clear(); // like a ScheduledThreadPoolExecutor's default: delayed tasks do not run after shutdown
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>(queue);
        queue.clear();
        return left;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && !running;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private <V> Task<V> enqueue(Task<V> task) {
        if (shutdown) {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        }
        queue.add(task);
        return task;
    }

    /** A task due at {@code dueNanos}; {@code period} > 0: fixed rate, < 0: fixed delay, 0: once. */
    private final class Task<V> extends FutureTask<V> implements RunnableScheduledFuture<V> {
        private final long period;
        private final long order = sequence++;
        private long dueNanos;

        Task(Callable<V> callable, long dueNanos, long period) {
            super(callable);
            this.dueNanos = dueNanos;
            this.period = period;
        }

        @Override
        public boolean isPeriodic() {
            return period != 0;
        }

        @Override
        public void run() {
            if (!isPeriodic()) {
                super.run();
            } else if (runAndReset() && !shutdown) {
                dueNanos = period > 0 ? dueNanos + period : nowNanos - period;
                queue.add(this);
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            synchronized (ManualScheduler.this) {
                queue.remove(this);
            }
            return super.cancel(mayInterruptIfRunning);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - nowNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Task<?> that = (Task<?>) other;
            int byTime = Long.compare(dueNanos, that.dueNanos);
            return byTime != 0 ? byTime : Long.compare(order, that.order);
        }
    }

    private final class SimulatedClock extends Clock {
        private final ZoneId zone;

        SimulatedClock(ZoneId zone) {
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return new SimulatedClock(other);
        }

        @Override
        public Instant instant() {
            synchronized (ManualScheduler.this) {
                return now();
            }
        }
    }
}
