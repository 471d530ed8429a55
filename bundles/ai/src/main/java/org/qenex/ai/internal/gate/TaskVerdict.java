package org.qenex.ai.internal.gate;

/**
 * The gate's finding on one task.
 *
 * @param comparison the paired counts it was computed from
 * @param lowerBound one-sided lower confidence bound of the accuracy difference
 * @param nonInferior whether {@code lowerBound > -delta}
 * @param pValue exact one-sided McNemar p-value for "no improvement"
 * @param improved whether the gain is at least eta and significant after Holm's correction
 */
public record TaskVerdict(PairedComparison comparison, double lowerBound, boolean nonInferior, double pValue,
        boolean improved) {

    public String task() {
        return comparison.task();
    }
}
