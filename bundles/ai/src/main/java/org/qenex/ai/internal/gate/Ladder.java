package org.qenex.ai.internal.gate;

/**
 * The Ladder mechanism (Blum and Hardt, 2015) for one task's public leaderboard. A submission's
 * public score is revealed only when it beats the best so far by at least eta, and then only
 * rounded to a multiple of eta; otherwise the contributor learns nothing new (the best so far is
 * shown again). This bounds what repeated submissions can learn about the public split.
 * Not thread-safe: the caller serializes submissions.
 */
public final class Ladder {

    private final long stepPpm;
    private long bestPpm;

    /** @param bestPpm the best shown so far, or -1 before any submission */
    public Ladder(long stepPpm, long bestPpm) {
        if (stepPpm <= 0) {
            throw new IllegalArgumentException("step must be positive");
        }
        this.stepPpm = stepPpm;
        this.bestPpm = bestPpm;
    }

    /**
     * Records a submission's public score.
     *
     * @return what may be shown: the new best, rounded to the step, if it improved; else the unchanged best
     */
    public LadderStep submit(long publicPpm) {
        if (bestPpm < 0 || publicPpm >= bestPpm + stepPpm) {
            bestPpm = round(publicPpm);
            return new LadderStep(true, bestPpm);
        }
        return new LadderStep(false, bestPpm);
    }

    public long bestPpm() {
        return bestPpm;
    }

    private long round(long ppm) {
        return Math.round(ppm / (double) stepPpm) * stepPpm;
    }

    /** @param improved whether this submission set a new best; @param shownPpm what is shown */
    public record LadderStep(boolean improved, long shownPpm) {
    }
}
