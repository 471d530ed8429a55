package org.qenex.ai.internal.node;

/** A new best on a task's public split, as the Ladder shows it (rounded to eta). */
public record LeaderboardEntry(String task, String candidate, String contributor, long shownPpm, long atMillis) {
}
