package org.qenex.ai.internal.gate;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;
import org.qenex.ai.internal.eval.Predictions;

public class ImprovementGateTest {

    private static final int ROWS = 3_000;
    private final ImprovementGate gate = new ImprovementGate(GateSettings.DEFAULT);

    /** Baseline right on the first 2,100 rows; the candidate changes {@code fixed} wrong rows to right, {@code broken} right rows to wrong. */
    private static PairedComparison shifted(String task, int fixed, int broken) {
        int[] actual = new int[ROWS];
        int[] baseline = new int[ROWS];
        int[] candidate = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            baseline[i] = i < 2_100 ? 0 : 1;
            candidate[i] = baseline[i];
        }
        for (int i = 0; i < broken; i++) {
            candidate[i] = 1;
        }
        for (int i = 0; i < fixed; i++) {
            candidate[2_100 + i] = 0;
        }
        return PairedComparison.of(task, new Predictions(baseline, actual), new Predictions(candidate, actual));
    }

    @Test
    public void twoPointsBetterOnMathematicsButOnePointWorseOnLanguageIsRefused() {
        GateDecision decision = gate.decide(List.of(shifted("mathematics", 60, 0), shifted("language", 0, 30),
                shifted("code", 0, 0)));
        assertFalse(decision.accepted());
        assertTrue(decision.reason(), decision.reason().contains("language"));
        assertTrue(decision.verdicts().stream().filter(v -> v.task().equals("mathematics")).findFirst().orElseThrow().improved());
    }

    @Test
    public void onePointBetterOnOneTaskAndEqualElsewhereIsAccepted() {
        GateDecision decision = gate.decide(List.of(shifted("mathematics", 30, 0), shifted("language", 0, 0),
                shifted("code", 0, 0)));
        assertTrue(decision.reason(), decision.accepted());
        TaskVerdict mathematics = decision.verdicts().stream().filter(v -> v.task().equals("mathematics")).findFirst().orElseThrow();
        assertTrue(mathematics.improved());
        assertEquals(0.01, mathematics.comparison().difference(), 1e-12);
    }

    @Test
    public void aSignificantGainBelowEtaIsRefused() {
        // +0.3 points: significant (p = 2^-9), but below eta = 0.5 points.
        GateDecision decision = gate.decide(List.of(shifted("mathematics", 9, 0), shifted("code", 0, 0)));
        assertFalse(decision.accepted());
        assertTrue(decision.reason(), decision.reason().contains("no task improved"));
    }

    @Test
    public void aLargeGainThatIsNoiseIsRefused() {
        // +1 point net, but from 200 fixed and 170 broken rows: not significant, and not shown non-inferior either way.
        GateDecision decision = gate.decide(List.of(shifted("mathematics", 200, 170)));
        assertFalse(decision.accepted());
    }

    @Test
    public void aTinyRegressionWithinDeltaIsStillNonInferior() {
        GateDecision decision = gate.decide(List.of(shifted("mathematics", 40, 0), shifted("language", 0, 1)));
        assertTrue(decision.reason(), decision.accepted());
    }

    @Test
    public void mcNemarExactPValuesAreBinomialTails() {
        assertEquals(Math.pow(0.5, 10), new PairedComparison("t", 100, 10, 0).improvementPValue(), 1e-15);
        assertEquals(0.5 + 0.5 * 0.5 * 2 * 0 + 0.5, new PairedComparison("t", 100, 0, 1).improvementPValue(), 1e-12);
        assertEquals(1.0, new PairedComparison("t", 100, 0, 0).improvementPValue(), 0);
        // P(X >= 3 | n = 4) = 5/16
        assertEquals(5 / 16.0, new PairedComparison("t", 100, 3, 1).improvementPValue(), 1e-12);
    }

    @Test
    public void holmStepsDownAndStopsAtTheFirstFailure() {
        boolean[] rejected = ImprovementGate.holm(new double[] { 0.01, 0.04, 0.03 }, 0.05);
        // sorted: 0.01 <= 0.05/3 yes; 0.03 <= 0.05/2 no -> stop
        assertTrue(rejected[0]);
        assertFalse(rejected[1]);
        assertFalse(rejected[2]);
    }

    @Test
    public void normalQuantileMatchesTables() {
        assertEquals(1.644854, NormalQuantile.upper(0.05), 1e-6);
        assertEquals(2.326348, NormalQuantile.upper(0.01), 1e-6);
    }
}
