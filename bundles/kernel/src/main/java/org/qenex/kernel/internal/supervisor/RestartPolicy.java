package org.qenex.kernel.internal.supervisor;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Decides, per part, when a failed part is restarted and when it is quarantined instead. Knows
 * nothing of OSGi: it sees part names and a clock, so the schedule can be tested exactly.
 *
 * <ul>
 * <li>The n-th consecutive restart waits {@code initialBackoff * 2^(n-1)}, capped at {@code maxBackoff}.</li>
 * <li>A part that already had {@code maxRestarts} restarts within {@code window} and fails again is
 * quarantined: it would need more restarts than allowed.</li>
 * <li>A part that stays healthy for {@code stableAfter} starts again from the first backoff step.
 * Restarts inside the window still count towards quarantine, so a part that flaps slowly is caught.</li>
 * </ul>
 */
public final class RestartPolicy {

    public record Settings(Duration initialBackoff, Duration maxBackoff, int maxRestarts, Duration window,
            Duration stableAfter) {

        public Settings {
            if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException(
                        "backoff must satisfy 0 <= initialBackoff <= maxBackoff, was " + initialBackoff + ", " + maxBackoff);
            }
            if (maxRestarts < 0) {
                throw new IllegalArgumentException("maxRestarts must not be negative, was " + maxRestarts);
            }
        }
    }

    /** What to do about a part that was just seen failing. */
    public sealed interface Decision permits Restart, Quarantine {
    }

    /** Restart after {@code delay}; this is the {@code attempt}-th consecutive restart. */
    public record Restart(int attempt, Duration delay) implements Decision {
    }

    /** Stop the part and leave it stopped until an operator heals it. */
    public record Quarantine(String reason) implements Decision {
    }

    private static final class History {
        int consecutive;
        /** Epoch millis of the restarts that are still inside the window, oldest first. */
        final ArrayDeque<Long> restarts = new ArrayDeque<>();
        long healthySince = -1;
    }

    private final Settings settings;
    private final LongSupplier clockMillis;
    private final Map<String, History> histories = new HashMap<>();

    public RestartPolicy(Settings settings, LongSupplier clockMillis) {
        this.settings = settings;
        this.clockMillis = clockMillis;
    }

    /** Called once per detected failure, when no restart of the part is already pending. */
    public synchronized Decision onFailure(String part) {
        long now = clockMillis.getAsLong();
        History history = histories.computeIfAbsent(part, p -> new History());
        history.healthySince = -1;
        while (!history.restarts.isEmpty() && history.restarts.peekFirst() <= now - settings.window().toMillis()) {
            history.restarts.removeFirst();
        }
        if (history.restarts.size() >= settings.maxRestarts()) {
            return new Quarantine("failed again after " + history.restarts.size() + " restart(s) within "
                    + settings.window().toMillis() + " ms (at most " + settings.maxRestarts() + " allowed)");
        }
        history.consecutive++;
        history.restarts.addLast(now);
        return new Restart(history.consecutive, backoff(history.consecutive));
    }

    /**
     * Called on every check that finds the part healthy.
     *
     * @return {@code true} if this call found the part stable again after restarts
     */
    public synchronized boolean onHealthy(String part) {
        History history = histories.get(part);
        if (history == null || history.consecutive == 0) {
            return false;
        }
        long now = clockMillis.getAsLong();
        if (history.healthySince < 0) {
            history.healthySince = now;
            return false;
        }
        if (now - history.healthySince >= settings.stableAfter().toMillis()) {
            history.consecutive = 0;
            return true;
        }
        return false;
    }

    /** An operator healed the part: it starts with a clean record. */
    public synchronized void forget(String part) {
        histories.remove(part);
    }

    /** Restarts since the part was last stable. */
    public synchronized int consecutiveRestarts(String part) {
        History history = histories.get(part);
        return history == null ? 0 : history.consecutive;
    }

    /** The wait before the {@code attempt}-th consecutive restart. */
    public Duration backoff(int attempt) {
        long initial = settings.initialBackoff().toMillis();
        long max = settings.maxBackoff().toMillis();
        int doublings = Math.max(0, attempt - 1);
        // Shifting past the cap would overflow; anything beyond 2^62 is capped anyway.
        if (initial == 0 || doublings >= 62 || initial > (max >> doublings)) {
            return Duration.ofMillis(initial == 0 ? 0 : max);
        }
        return Duration.ofMillis(Math.min(max, initial << doublings));
    }
}
