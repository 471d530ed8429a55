package org.qenex.ai.internal.candidate;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * At most {@code perWindow} submissions per key in any sliding window of {@code windowMillis}. The
 * node keeps one for authenticated users and one for contributors, so neither a new contributor
 * string nor another account gets a fresh quota alone.
 */
public final class SubmissionRateLimit {

    private final int perWindow;
    private final long windowMillis;
    private final Map<String, Deque<Long>> recent = new HashMap<>();

    public SubmissionRateLimit(int perWindow, long windowMillis) {
        this.perWindow = perWindow;
        this.windowMillis = windowMillis;
    }

    /** Counts a submission at {@code nowMillis}, or throws without counting it. */
    public synchronized void acquire(String key, long nowMillis) {
        check(key, nowMillis);
        recent.get(key).addLast(nowMillis);
        prune(nowMillis);
    }

    /**
     * Counts a submission made at {@code atMillis} (an earlier run's, from the candidate book),
     * refusing nothing. Called in time order, before any {@link #acquire}, as the window is kept.
     */
    public synchronized void remember(String key, long atMillis) {
        recent.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(atMillis);
    }

    /** Throws, counting nothing, if {@code key} has no submission left in the window at {@code nowMillis}. */
    public synchronized void check(String key, long nowMillis) {
        Deque<Long> times = recent.computeIfAbsent(key, k -> new ArrayDeque<>());
        while (!times.isEmpty() && times.peekFirst() <= nowMillis - windowMillis) {
            times.removeFirst();
        }
        if (times.size() >= perWindow) {
            throw new RateLimitedException(key + " submitted " + perWindow + " candidates in the last "
                    + windowMillis / 60_000 + " min; try again later");
        }
    }

    private void prune(long nowMillis) {
        if (recent.size() > 10_000) {
            recent.entrySet().removeIf(e -> e.getValue().isEmpty() || e.getValue().peekLast() <= nowMillis - windowMillis);
        }
    }
}
