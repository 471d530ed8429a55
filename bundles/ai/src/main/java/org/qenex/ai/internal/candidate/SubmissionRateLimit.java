package org.qenex.ai.internal.candidate;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** At most {@code perWindow} submissions per contributor in any sliding window of {@code windowMillis}. */
public final class SubmissionRateLimit {

    private final int perWindow;
    private final long windowMillis;
    private final Map<String, Deque<Long>> recent = new HashMap<>();

    public SubmissionRateLimit(int perWindow, long windowMillis) {
        this.perWindow = perWindow;
        this.windowMillis = windowMillis;
    }

    /** Counts a submission at {@code nowMillis}, or throws without counting it. */
    public synchronized void acquire(String contributor, long nowMillis) {
        Deque<Long> times = recent.computeIfAbsent(contributor, k -> new ArrayDeque<>());
        while (!times.isEmpty() && times.peekFirst() <= nowMillis - windowMillis) {
            times.removeFirst();
        }
        if (times.size() >= perWindow) {
            throw new RateLimitedException(contributor + " submitted " + perWindow + " candidates in the last "
                    + windowMillis / 60_000 + " min; try again later");
        }
        times.addLast(nowMillis);
        if (recent.size() > 10_000) {
            recent.entrySet().removeIf(e -> e.getValue().isEmpty() || e.getValue().peekLast() <= nowMillis - windowMillis);
        }
    }
}
