package org.qenex.ai.internal.gate;

import org.qenex.ai.internal.eval.Predictions;

/**
 * Baseline and candidate on the same held-out rows, reduced to what a paired test needs: the
 * number of rows, and the discordant pairs (rows only the candidate gets right, rows only the
 * baseline gets right). Rows both get right or both get wrong say nothing about the difference.
 */
public record PairedComparison(String task, int rows, int candidateOnly, int baselineOnly) {

    public PairedComparison {
        if (rows <= 0 || candidateOnly < 0 || baselineOnly < 0 || candidateOnly + baselineOnly > rows) {
            throw new IllegalArgumentException("inconsistent counts for " + task);
        }
    }

    public static PairedComparison of(String task, Predictions baseline, Predictions candidate) {
        if (baseline.size() != candidate.size()) {
            throw new IllegalArgumentException(task + ": baseline and candidate were scored on different rows");
        }
        int candidateOnly = 0;
        int baselineOnly = 0;
        for (int i = 0; i < baseline.size(); i++) {
            boolean b = baseline.correct(i);
            boolean c = candidate.correct(i);
            if (c && !b) {
                candidateOnly++;
            } else if (b && !c) {
                baselineOnly++;
            }
        }
        return new PairedComparison(task, baseline.size(), candidateOnly, baselineOnly);
    }

    /** Candidate accuracy minus baseline accuracy. */
    public double difference() {
        return (candidateOnly - baselineOnly) / (double) rows;
    }

    /** Standard error of {@link #difference()} for paired proportions (the Wald form behind McNemar's test). */
    public double standardError() {
        double discordant = candidateOnly + baselineOnly;
        double net = candidateOnly - baselineOnly;
        return Math.sqrt(Math.max(0, discordant - net * net / rows)) / rows;
    }

    /** One-sided lower confidence bound of the difference at level {@code alpha}. */
    public double lowerBound(double alpha) {
        return difference() - NormalQuantile.upper(alpha) * standardError();
    }

    /**
     * Exact one-sided McNemar test of "the candidate is no better": the chance of at least
     * {@link #candidateOnly()} successes in {@code candidateOnly + baselineOnly} fair coin tosses.
     */
    public double improvementPValue() {
        int m = candidateOnly + baselineOnly;
        if (m == 0) {
            return 1.0;
        }
        double logHalfPowM = m * Math.log(0.5);
        double logBinomial = 0; // log C(m, 0)
        double maxLog = Double.NEGATIVE_INFINITY;
        double[] terms = new double[m + 1];
        for (int i = 0; i <= m; i++) {
            if (i > 0) {
                logBinomial += Math.log(m - i + 1) - Math.log(i);
            }
            terms[i] = logBinomial + logHalfPowM;
            if (i >= candidateOnly) {
                maxLog = Math.max(maxLog, terms[i]);
            }
        }
        double sum = 0;
        for (int i = candidateOnly; i <= m; i++) {
            sum += Math.exp(terms[i] - maxLog);
        }
        return Math.min(1.0, Math.exp(maxLog + Math.log(sum)));
    }
}
