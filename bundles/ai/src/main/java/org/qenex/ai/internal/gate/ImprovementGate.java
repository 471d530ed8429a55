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
 */
public final class ImprovementGate {

    private final GateSettings settings;

    public ImprovementGate(GateSettings settings) {
        this.settings = settings;
    }

    public GateSettings settings() {
        return settings;
    }

    public GateDecision decide(List<PairedComparison> comparisons) {
        if (comparisons.isEmpty()) {
            return new GateDecision(false, "no task to compare on", List.of());
        }
        int k = comparisons.size();
        double[] p = comparisons.stream().mapToDouble(PairedComparison::improvementPValue).toArray();
        boolean[] significant = holm(p, settings.alpha());
        List<TaskVerdict> verdicts = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            PairedComparison c = comparisons.get(i);
            double lower = c.lowerBound(settings.alpha());
            boolean nonInferior = lower > -settings.delta();
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
