package org.qenex.kernel.internal.resources;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;

import org.junit.Test;

public class TrendPredictorTest {

    private static final long STEP_MS = 5_000;
    private final TrendPredictor predictor = new TrendPredictor(5);

    private static long[] times(int n) {
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            times[i] = 1_700_000_000_000L + i * STEP_MS;
        }
        return times;
    }

    @Test
    public void aSteadyRiseGivesTheExactTimeToTheLimit() {
        // 100 MB rising by 1 MB per 5 s sample, limit 400 MB: from the last sample (159 MB) 241 samples = 1205 s.
        int n = 60;
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = 100 + i;
        }
        Optional<Duration> tte = predictor.timeToReach(times(n), values, 400);
        assertEquals(Optional.of(Duration.ofSeconds(1_205)), tte);
    }

    @Test
    public void aNoisyRiseGivesATimeCloseToTheTrueOne() {
        int n = 60;
        Random noise = new Random(42);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = 100 + i + (noise.nextDouble() - 0.5) * 10; // +-5 around the true line
        }
        Duration tte = predictor.timeToReach(times(n), values, 400).orElseThrow();
        double trueSeconds = 1_205;
        assertTrue("predicted " + tte, Math.abs(tte.toSeconds() - trueSeconds) < trueSeconds * 0.10);
    }

    @Test
    public void aFlatSeriesPredictsNothing() {
        double[] values = new double[30];
        java.util.Arrays.fill(values, 250);
        assertEquals(Optional.empty(), predictor.timeToReach(times(30), values, 400));
    }

    @Test
    public void aNoisyFlatSeriesPredictsNothing() {
        Random noise = new Random(7);
        for (int run = 0; run < 20; run++) {
            double[] values = new double[60];
            for (int i = 0; i < values.length; i++) {
                values[i] = 250 + (noise.nextDouble() - 0.5) * 40;
            }
            Optional<Duration> tte = predictor.timeToReach(times(60), values, 400);
            // Noise may fit a small slope; it must never look like imminent exhaustion.
            assertTrue("run " + run + " predicted " + tte, tte.isEmpty() || tte.get().toMinutes() > 10);
        }
    }

    @Test
    public void aFallingSeriesPredictsNothing() {
        double[] values = new double[30];
        for (int i = 0; i < values.length; i++) {
            values[i] = 300 - 2 * i;
        }
        assertEquals(Optional.empty(), predictor.timeToReach(times(30), values, 400));
    }

    @Test
    public void aSeriesAlreadyAtTheLimitIsExhaustedNow() {
        double[] values = { 380, 390, 400, 410, 420 };
        assertEquals(Optional.of(Duration.ZERO), predictor.timeToReach(times(5), values, 400));
    }

    @Test
    public void tooFewSamplesPredictNothing() {
        double[] values = { 100, 200, 300, 350 };
        assertEquals(Optional.empty(), predictor.timeToReach(times(4), values, 400));
    }

    @Test(expected = IllegalArgumentException.class)
    public void timesAndValuesMustMatch() {
        predictor.timeToReach(times(5), new double[4], 400);
    }
}
