package org.qenex.network.internal.peer;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Misbehaviour scores by host, in memory (a ban, not the score, is what survives a restart).
 * Thread-safe. A host absent from the map has the full score.
 */
final class PeerScores {

    static final int FULL = 100;
    static final long RECOVERY_MILLIS = 10_000;

    /** The outcome of one offence. */
    record Verdict(int score, boolean firstOfItsKind, boolean banNow) {
    }

    private static final class Score {
        int points = FULL;
        long updatedMillis;

        Score(long now) {
            this.updatedMillis = now;
        }
        final Set<Offence> seen = EnumSet.noneOf(Offence.class);
    }

    private final Map<String, Score> scores = new HashMap<>();

    synchronized Verdict penalize(String host, Offence offence, long now) {
        Score score = scores.computeIfAbsent(host, h -> new Score(now));
        recover(score, now);
        score.points = Math.max(0, score.points - offence.penalty());
        boolean first = score.seen.add(offence);
        return new Verdict(score.points, first, score.points == 0);
    }

    synchronized int score(String host, long now) {
        Score score = scores.get(host);
        if (score == null) {
            return FULL;
        }
        recover(score, now);
        if (score.points == FULL) {
            // fully recovered: forgotten, so its next offence is logged again
            scores.remove(host);
        }
        return score.points;
    }

    synchronized void forget(String host) {
        scores.remove(host);
    }

    private static void recover(Score score, long now) {
        if (score.points < FULL) {
            long gained = (now - score.updatedMillis) / RECOVERY_MILLIS;
            if (gained > 0) {
                score.points = (int) Math.min(FULL, score.points + gained);
                score.updatedMillis += gained * RECOVERY_MILLIS;
            }
        } else {
            score.updatedMillis = now;
        }
    }
}
