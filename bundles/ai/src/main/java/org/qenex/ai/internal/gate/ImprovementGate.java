package org.qenex.ai.internal.gate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The no-regression gate. A candidate is accepted when
 * <ol>
 * <li>every task is non-inferior: the one-sided lower confidence bound (level alpha) of its paired
 * accuracy difference is above -delta. All tasks must pass, an intersection-union test, which
 * needs no multiplicity correction; and</li>
 * <li>at least one task improved: its observed gain is at least eta and the exact one-sided
 * McNemar test rejects "no improvement" at level alpha after Holm's step-down correction over all
 * tasks.</li>
 * </ol>
 * With the node's {@link GateHistory}, a task is non-inferior only if it also stays within delta of
 * the best score any accepted version reached on the same data (so regressions cannot accumulate),
 * and the improvement test runs at the level alpha-spending leaves for this test of the epoch
 * ({@code alpha * 6 / (pi^2 i^2)} for the i-th), so that all tests against the same held-out rows
 * together make a false discovery with probability at most alpha.
 */
public final class ImprovementGate {

    private final GateSettings settings;

    public ImprovementGate(GateSettings settings) {
        this.settings = settings;
    }

    public GateSettings settings() {
        return settings;
    }

    /** The decision on one comparison with the parent alone: no floor, the full alpha ({@link GateHistory#NONE}). */
    public GateDecision decide(List<PairedComparison> comparisons) {
        return decide(comparisons, GateHistory.NONE);
    }

    /**
     * The decision with the node's history: every task must also stay within delta of the best
     * accepted score on its data, and the improvement test runs at the alpha left for the
     * {@code history.spendingIndex()}-th test of the epoch.
     */
    public GateDecision decide(List<PairedComparison> comparisons, GateHistory history) {
        if (comparisons.isEmpty()) {
            return new GateDecision(false, "no task to compare on", List.of());
        }
        int k = comparisons.size();
        double[] p = comparisons.stream().mapToDouble(PairedComparison::improvementPValue).toArray();
        boolean[] significant = holm(p, GateHistory.spentAlpha(settings.alpha(), history.spendingIndex()));
        List<TaskVerdict> verdicts = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            PairedComparison c = comparisons.get(i);
            double lower = c.lowerBound(settings.alpha());
            Long best = history.bestPpm().get(c.task());
            Long candidate = history.candidatePpm().get(c.task());
            boolean aboveFloor = best == null || candidate == null || candidate >= best - deltaPpm();
            boolean nonInferior = lower > -settings.delta() && aboveFloor;
            boolean improved = significant[i] && c.difference() >= settings.eta() - 1e-12;
            verdicts.add(new TaskVerdict(c, lower, nonInferior, p[i], improved));
        }
        verdicts.sort(Comparator.comparing(TaskVerdict::task));
        List<String> regressed = verdicts.stream().filter(v -> !v.nonInferior()).map(TaskVerdict::task).toList();
        List<String> improved = verdicts.stream().filter(TaskVerdict::improved).map(TaskVerdict::task).toList();
        if (!regressed.isEmpty()) {
            return new GateDecision(false, "may regress on " + String.join(", ", regressed)
                    + " (not shown non-inferior within " + percent(settings.delta()) + ")", verdicts);
        }
        if (improved.isEmpty()) {
            return new GateDecision(false, "no task improved by at least " + percent(settings.eta())
                    + " with significance", verdicts);
        }
        return new GateDecision(true, "improves " + improved.stream().collect(Collectors.joining(", "))
                + ", regresses none", verdicts);
    }

    private long deltaPpm() {
        return Math.round(settings.delta() * 1_000_000);
    }

    /** Holm's step-down procedure: which hypotheses are rejected at family-wise level alpha. */
    static boolean[] holm(double[] p, double alpha) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        boolean[] rejected = new boolean[p.length];
        for (int rank = 0; rank < order.length; rank++) {
            if (p[order[rank]] <= alpha / (p.length - rank)) {
                rejected[order[rank]] = true;
            } else {
                break;
            }
        }
        return rejected;
    }

    private static String percent(double fraction) {
        return String.format(java.util.Locale.ROOT, "%.1f points", fraction * 100);
    }
}
