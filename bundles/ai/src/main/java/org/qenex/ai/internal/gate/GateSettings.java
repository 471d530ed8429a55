package org.qenex.ai.internal.gate;

/**
 * The gate's constants. They are part of what a proof claims: every node must use the same ones
 * to re-derive a verdict, so they are constants of this bundle version, not configuration.
 *
 * @param delta the largest loss of accuracy (as a fraction) a task may show and still count as non-inferior
 * @param eta the smallest gain that counts as an improvement, and the Ladder's rounding step
 * @param alpha the significance level, one-sided, for both tests
 */
public record GateSettings(double delta, double eta, double alpha) {

    /** delta = eta = 0.5 percentage points, alpha = 5 %. */
    public static final GateSettings DEFAULT = new GateSettings(0.005, 0.005, 0.05);

    public GateSettings {
        if (!(delta >= 0 && eta > 0 && alpha > 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("delta >= 0, eta > 0, 0 < alpha < 0.5");
        }
    }

    public long etaPpm() {
        return Math.round(eta * 1_000_000);
    }
}
