package org.qenex.api.health.testing;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.qenex.api.health.HealthStatus;
import org.qenex.api.health.Incident;
import org.qenex.api.health.IncidentLog;

/**
 * An incident log for tests outside the container: keeps every reported incident in memory,
 * numbered from 1, and lets a test read them back or wait for one that a background thread reports.
 * {@link #recent(int)} and {@link #recent(String, int)} answer as the kernel's log does (newest
 * first, at most {@code limit}), so code that reads the log back can be tested with it too.
 */
public final class RecordingIncidentLog implements IncidentLog {

    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    private final Clock clock;
    private final List<Incident> reported = new ArrayList<>();

    public RecordingIncidentLog() {
        this(Clock.systemUTC());
    }

    /** Incidents get their time from {@code clock}. */
    public RecordingIncidentLog(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Incident report(String part, HealthStatus severity, String cause, String action, String outcome) {
        Incident incident = new Incident(reported.size() + 1, clock.instant(), part, severity, cause, action, outcome);
        reported.add(incident);
        notifyAll();
        return incident;
    }

    @Override
    public synchronized List<Incident> recent(int limit) {
        return newestFirst(incident -> true, limit);
    }

    @Override
    public synchronized List<Incident> recent(String part, int limit) {
        return newestFirst(incident -> incident.part().equals(part), limit);
    }

    /** Every incident reported so far, oldest first (a copy). */
    public synchronized List<Incident> reported() {
        return List.copyOf(reported);
    }

    /** The incidents whose action starts with {@code prefix} ({@code "restart"} matches {@code "restart (attempt 1, ...)"}), oldest first. */
    public synchronized List<Incident> withAction(String prefix) {
        return reported.stream().filter(incident -> incident.action().startsWith(prefix)).toList();
    }

    /**
     * The one incident whose action starts with {@code prefix}.
     *
     * @throws AssertionError naming what was reported, if there is none or more than one
     */
    public synchronized Incident only(String prefix) {
        List<Incident> found = withAction(prefix);
        if (found.size() != 1) {
            throw new AssertionError("expected one incident with action '" + prefix + "', got " + reported);
        }
        return found.get(0);
    }

    /** The incidents about {@code part}, oldest first. */
    public synchronized List<Incident> about(String part) {
        return reported.stream().filter(incident -> incident.part().equals(part)).toList();
    }

    /** {@link #await(String, Duration)} with 10 seconds. */
    public Incident await(String actionPrefix) throws InterruptedException {
        return await(actionPrefix, DEFAULT_WAIT);
    }

    /**
     * Waits until an incident whose action starts with {@code actionPrefix} has been reported and
     * returns the first such one.
     *
     * @throws AssertionError naming what was reported instead, if none comes within {@code timeout}
     */
    public synchronized Incident await(String actionPrefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Incident> matching = withAction(actionPrefix);
        while (matching.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no incident with action '" + actionPrefix + "' within " + timeout + "; reported: " + reported);
            }
            wait(Math.max(1, left / 1_000_000));
            matching = withAction(actionPrefix);
        }
        return matching.get(0);
    }

    private List<Incident> newestFirst(Predicate<Incident> filter, int limit) {
        List<Incident> result = new ArrayList<>();
        for (int i = reported.size() - 1; i >= 0 && result.size() < limit; i--) {
            if (filter.test(reported.get(i))) {
                result.add(reported.get(i));
            }
        }
        return result;
    }
}
