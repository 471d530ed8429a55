package org.qenex.ai.internal.anomaly;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.Test;
import org.qenex.api.anomaly.FittedDensity;
import org.qenex.api.node.testing.FixedNodeContext;

public class WekaDensityEstimatorTest {

    private static WekaDensityEstimator estimator() {
        return new WekaDensityEstimator(FixedNodeContext.in(Path.of("target", "ai-data")));
    }

    private static final String[] NAMES = {"requests", "distinct paths", "failed logins", "body bytes", "error ratio"};

    /** Normal windows: a few requests over a few paths, no failed logins, small bodies, few errors. */
    private static double[][] baseline(long seed, int rows) {
        Random random = new Random(seed);
        double[][] data = new double[rows][];
        for (int i = 0; i < rows; i++) {
            data[i] = new double[] {
                Math.log1p(5 + random.nextInt(10)), Math.log1p(1 + random.nextInt(3)), 0,
                Math.log1p(200 + random.nextInt(800)), random.nextDouble() * 0.1};
        }
        return data;
    }

    private static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }

    @Test
    public void flagsAnObviousOutlierAndNotTheBaseline() {
        double[][] rows = baseline(7, 500);
        FittedDensity density = estimator().fit(rows, NAMES);
        double[] scores = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            scores[i] = density.logDensity(rows[i]);
        }
        double threshold = quantile(scores, 0.005);

        // A scan: hundreds of requests over hundreds of paths, many failed logins, mostly errors.
        double outlier = density.logDensity(new double[] {Math.log1p(600), Math.log1p(400), Math.log1p(30), Math.log1p(500), 0.9});
        assertTrue("outlier " + outlier + " vs p0.5 " + threshold, outlier < threshold - 10);

        // Fresh normal windows from the same distribution: at most a few below the baseline's p0.5.
        double[][] fresh = baseline(99, 1000);
        long flagged = Arrays.stream(fresh).filter(row -> density.logDensity(row) < threshold).count();
        assertTrue("normal windows flagged: " + flagged, flagged <= 20);
        assertTrue(density.algorithm(), density.algorithm().startsWith("Weka EM, 3 clusters, seed 1"));
    }

    @Test
    public void isDeterministic() {
        double[][] rows = baseline(3, 300);
        double[] probe = {Math.log1p(40), Math.log1p(9), 0, Math.log1p(5000), 0.3};
        assertEquals(estimator().fit(rows, NAMES).logDensity(probe),
                estimator().fit(rows, NAMES).logDensity(probe), 0.0);
    }

    @Test
    public void rejectsRaggedInput() {
        WekaDensityEstimator estimator = estimator();
        assertThrows(IllegalArgumentException.class, () -> estimator.fit(new double[0][], NAMES));
        assertThrows(IllegalArgumentException.class, () -> estimator.fit(new double[][] {{1, 2}}, NAMES));
        FittedDensity density = estimator.fit(baseline(1, 50), NAMES);
        assertThrows(IllegalArgumentException.class, () -> density.logDensity(new double[] {1}));
    }
}
