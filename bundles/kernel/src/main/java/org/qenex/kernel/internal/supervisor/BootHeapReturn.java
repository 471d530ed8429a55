package org.qenex.kernel.internal.supervisor;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the start's heap back once the start-up work has settled: one collection, asked for the
 * first time that, for {@link #QUIET_FOR} since the node began to serve, its JVM has used less than
 * {@value #QUIET_SHARE_PERCENT} % of one core and no look found a job of the work pool running or
 * queued; at the latest {@link #LATEST} after serving.
 *
 * <p>Booting grows the heap to several times what the node keeps live, and G1 shrinks it only at
 * the end of a concurrent cycle, which an idle JVM does not start by itself (bin/setenv's periodic
 * cycle comes after 5 minutes). A collection right when the node serves came too early: the start's
 * own work after it (the chain's submit-path warm-up, a {@code LOW} job due 5 s after the chain's
 * REST component, which is before serving; the JIT finishing what the start ran) regrew the young
 * generation, and the idle node then kept that committed. Quiet for longer than that job's delay
 * means it has run, whatever the machine's speed. The pool's look is what tells a loaded machine's
 * start apart: a {@code LOW} job runs at nice 19, and there it got so little CPU that the JVM looked
 * quiet while the warm-up was half done. A node busy from its first second (a load test)
 * gets its collection at {@link #LATEST}, where G1 then sizes the heap for the load anyway.
 *
 * <p>Runs on the supervisor's thread: a look every {@link #CHECK_EVERY} from serving until the
 * collection, then never again.
 */
final class BootHeapReturn {

    private static final Logger LOG = LoggerFactory.getLogger(BootHeapReturn.class);
    static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    /** Longer than the delay of the start's one-off jobs after serving (the submit-path warm-up's 5 s). */
    static final Duration QUIET_FOR = Duration.ofSeconds(6);
    static final int QUIET_SHARE_PERCENT = 20;
    static final Duration LATEST = Duration.ofSeconds(60);

    private final ScheduledExecutorService thread;
    private final Clock clock;
    private final LongSupplier cpuNanos;
    private final BooleanSupplier poolWorking;
    private final Runnable collect;
    /** (time in ms, the JVM's CPU time in ns) at serving and at each look since: at most a minute of looks. */
    private final List<long[]> looks = new ArrayList<>();
    private long servingSince;
    /** Serving, or the last look that found the pool working: the quiet wait counts from it. */
    private long lastWork;

    /**
     * @param thread where the looks run (the supervisor's one thread)
     * @param cpuNanos the JVM's CPU time in nanoseconds, negative when unknown
     * @param poolWorking whether a job of the work pool runs or waits for a slot now
     * @param collect the collection (System.gc(), a concurrent cycle under bin/setenv's options)
     */
    BootHeapReturn(ScheduledExecutorService thread, Clock clock, LongSupplier cpuNanos, BooleanSupplier poolWorking,
            Runnable collect) {
        this.thread = thread;
        this.clock = clock;
        this.cpuNanos = cpuNanos;
        this.poolWorking = poolWorking;
        this.collect = collect;
    }

    /** The node serves: from now on, look for the start to settle. Called once, on {@code thread}. */
    void nodeServes() {
        servingSince = clock.millis();
        lastWork = servingSince;
        looks.add(new long[] { servingSince, cpuNanos.getAsLong() });
        lookLater();
    }

    private void lookLater() {
        try {
            thread.schedule(this::look, CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the supervisor stopped: nothing to give back for a node that stops
        }
    }

    private void look() {
        long now = clock.millis();
        long cpu = cpuNanos.getAsLong();
        looks.add(new long[] { now, cpu });
        if (poolWorking.getAsBoolean()) {
            lastWork = now;
        }
        // the CPU used since the last look that is at least QUIET_FOR old, if there is one yet
        long[] since = null;
        for (long[] earlier : looks) {
            if (earlier[0] <= now - QUIET_FOR.toMillis()) {
                since = earlier;
            }
        }
        // an unknown CPU time cannot tell busy from quiet: then QUIET_FOR's wait alone decides
        boolean quiet = since != null && now - lastWork >= QUIET_FOR.toMillis() && (cpu < 0 || since[1] < 0
                || (cpu - since[1]) * 100 <= QUIET_SHARE_PERCENT * (now - since[0]) * 1_000_000L);
        if (quiet || now - servingSince >= LATEST.toMillis()) {
            looks.clear();
            // the log says which rule decided: a node still busy at LATEST has not settled
            LOG.info(quiet ? "The start has settled {} ms after the node began to serve: one collection gives the start's heap back"
                    : "The node is still busy {} ms after it began to serve: one collection gives the start's heap back now",
                    now - servingSince);
            collect.run();
        } else {
            lookLater();
        }
    }
}
