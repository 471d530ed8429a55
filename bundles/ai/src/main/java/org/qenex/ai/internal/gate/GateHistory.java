package org.qenex.ai.internal.gate;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the gate needs to know beyond one candidate's predictions, so that it neither drifts nor
 * rewards luck found by many tries.
 *
 * @param bestPpm per task, the best held-out accuracy any accepted version reached on the same task
 *        data (absent for a task no version was scored on with this data): a candidate must stay
 *        within delta of it, so regressions of just under delta cannot accumulate over versions
 * @param candidatePpm per task, the candidate's held-out accuracy
 * @param spendingIndex how many candidates (this one included) have been tested against the
 *        held-out rows of the tasks this one changes, in their current epoch; the improvement test
 *        runs at level {@code alpha * 6 / (pi^2 * i^2)}, so the levels of all tests of an epoch sum
 *        to at most alpha
 */
public record GateHistory(Map<String, Long> bestPpm, Map<String, Long> candidatePpm, long spendingIndex) {

    /** No floor and the full alpha: what a single comparison with the parent needs (the proof verifier's base rule). */
    public static final GateHistory NONE = new GateHistory(Map.of(), Map.of(), 1);

    public GateHistory {
        bestPpm = Map.copyOf(new TreeMap<>(bestPpm));
        candidatePpm = Map.copyOf(new TreeMap<>(candidatePpm));
        if (spendingIndex < 1) {
            throw new IllegalArgumentException("the spending index counts from 1");
        }
    }

    /** The level the {@code i}-th test of an epoch runs at: {@code alpha * 6 / (pi^2 i^2)}, whose sum over i is alpha. */
    public static double spentAlpha(double alpha, long i) {
        return alpha * 6 / (Math.PI * Math.PI * (double) i * (double) i);
    }
}
