package org.qenex.security.internal.intrusion;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.anomaly.DensityEstimator;
import org.qenex.api.anomaly.FittedDensity;

public class AnomalyModelTest {

    private static final long WINDOW = 10_000;

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final Random random = new Random(42);
    private long now = 1_000_000;

    /** A normal client: 2-8 requests per window over 1-3 endpoints, rarely an error. */
    private void normalTraffic(AnomalyRule rule, String address, int windows) {
        for (int w = 0; w < windows; w++) {
            int requests = 2 + random.nextInt(7);
            for (int i = 0; i < requests; i++) {
                int status = random.nextInt(50) == 0 ? 404 : 200;
                assertEquals(Optional.empty(), rule.observe(new FinishedRequest(address, "alice", "GET",
                        "/v1/" + random.nextInt(3), status, 1_000_000, random.nextInt(200), true), now));
                now += 100;
            }
            now += WINDOW;
        }
        rule.closeExpired(now);
    }

    @Test
    public void judgesNothingUntilItHasLearntEnoughWindows() {
        AnomalyModel model = new AnomalyModel(500, 50);
        AnomalyRule rule = new AnomalyRule(model, WINDOW, 6.0, 50, 1000, false);
        normalTraffic(rule, "10.0.0.1", 10);
        for (int i = 0; i < 200; i++) {
            assertEquals(Optional.empty(), rule.observe(new FinishedRequest("10.0.0.66", null, "GET", "/v1/p" + i,
                    404, 1000, 0, false), now));
        }
    }

    @Test
    public void aBurstOfDistinctPathsIsCaughtWhileItHappensAndNormalTrafficIsNot() {
        AnomalyModel model = new AnomalyModel(500, 50);
        AnomalyRule rule = new AnomalyRule(model, WINDOW, 6.0, 50, 1000, true);
        normalTraffic(rule, "10.0.0.1", 60);
        normalTraffic(rule, "10.0.0.2", 60);
        assertTrue(model.size() >= 100);

        // Fresh normal traffic scores as normal.
        normalTraffic(rule, "10.0.0.3", 30);

        Optional<Detection> found = Optional.empty();
        int sent = 0;
        while (found.isEmpty() && sent < 500) {
            found = rule.observe(new FinishedRequest("10.0.0.66", "alice", "GET", "/v1/x" + sent, 200, 1000, 0, true), now);
            sent++;
        }
        assertTrue("never flagged", found.isPresent());
        assertTrue("flagged only after " + sent + " requests", sent < 150);
        assertEquals("anomaly", found.get().rule());
        assertEquals("10.0.0.66", found.get().subject());
        assertTrue(found.get().blocks());
        assertTrue(found.get().cause(), found.get().cause().contains("baseline median"));
    }

    @Test
    public void aHighErrorRatioIsJudgedWhenTheWindowCloses() {
        AnomalyModel model = new AnomalyModel(500, 50);
        AnomalyRule rule = new AnomalyRule(model, WINDOW, 6.0, 50, 1000, false);
        normalTraffic(rule, "10.0.0.1", 120);
        for (int i = 0; i < 6; i++) {
            rule.observe(new FinishedRequest("10.0.0.77", "alice", "GET", "/v1/" + (i % 3), 403, 1000, 0, true), now);
        }
        List<Detection> closed = rule.closeExpired(now + WINDOW);
        assertEquals(1, closed.size());
        assertTrue(closed.get(0).cause(), closed.get(0).cause().contains("error ratio"));
        assertFalse(closed.get(0).blocks());
    }

    @Test
    public void anomalousWindowsAreNotLearnt() {
        AnomalyModel model = new AnomalyModel(500, 50);
        AnomalyRule rule = new AnomalyRule(model, WINDOW, 6.0, 50, 1000, false);
        normalTraffic(rule, "10.0.0.1", 100);
        int learnt = model.size();
        for (int i = 0; i < 400; i++) {
            rule.observe(new FinishedRequest("10.0.0.88", null, "GET", "/v1/y" + i, 404, 1000, 0, false), now);
        }
        rule.closeExpired(now + WINDOW);
        assertEquals(learnt, model.size());
    }

    @Test
    public void theBaselineSurvivesARestart() throws Exception {
        AnomalyModel model = new AnomalyModel(500, 50);
        AnomalyRule rule = new AnomalyRule(model, WINDOW, 6.0, 50, 1000, false);
        normalTraffic(rule, "10.0.0.1", 80);
        Path file = folder.getRoot().toPath().resolve("baseline.csv");
        model.save(file);

        AnomalyModel reloaded = new AnomalyModel(500, 50);
        reloaded.load(file);
        assertEquals(model.size(), reloaded.size());
        double[] odd = {Math.log1p(300), Math.log1p(300), 0, 0, 1.0};
        assertEquals(model.score(odd, 5).value(), reloaded.score(odd, 5).value(), 1e-4);
        assertTrue(reloaded.score(odd, 5).value() > 6.0);
    }

    @Test
    public void aFlatBaselineDoesNotMakeEveryTinyChangeAnomalous() {
        AnomalyModel model = new AnomalyModel(100, 50);
        for (int i = 0; i < 100; i++) {
            model.learn(new double[] {Math.log1p(3), Math.log1p(1), 0, 0, 0});
        }
        // One more request and one more path than always: not worth an incident.
        assertTrue(model.score(new double[] {Math.log1p(4), Math.log1p(2), 0, 0, 0.25}, 5).value() < 6.0);
    }

    /** A stand-in for the Weka estimator: an independent Gaussian per feature, fitted by mean and variance. */
    private static final class FakeEstimator implements DensityEstimator {

        int fits;
        int rows;
        String[] names;

        @Override
        public FittedDensity fit(double[][] baseline, String[] featureNames) {
            fits++;
            rows = baseline.length;
            names = featureNames;
            int n = featureNames.length;
            double[] mean = new double[n];
            double[] var = new double[n];
            for (double[] row : baseline) {
                for (int f = 0; f < n; f++) {
                    mean[f] += row[f] / baseline.length;
                }
            }
            for (double[] row : baseline) {
                for (int f = 0; f < n; f++) {
                    var[f] += (row[f] - mean[f]) * (row[f] - mean[f]) / baseline.length;
                }
            }
            return new FittedDensity() {
                @Override
                public double logDensity(double[] x) {
                    double sum = 0;
                    for (int f = 0; f < n; f++) {
                        double v = Math.max(var[f], 0.01);
                        sum -= (x[f] - mean[f]) * (x[f] - mean[f]) / (2 * v) + 0.5 * Math.log(2 * Math.PI * v);
                    }
                    return sum;
                }

                @Override
                public String algorithm() {
                    return "fake Gaussian";
                }
            };
        }
    }

    private Optional<Detection> scan(AnomalyRule rule, String address) {
        Optional<Detection> found = Optional.empty();
        for (int sent = 0; found.isEmpty() && sent < 500; sent++) {
            found = rule.observe(new FinishedRequest(address, "alice", "GET", "/v1/x" + sent, 200, 1000, 0, true), now);
        }
        return found;
    }

    @Test
    public void judgesWithTheDensityServiceWhileItIsBoundAndWithMedianMadOtherwise() {
        AnomalyModel model = new AnomalyModel(500, 50);
        AnomalyRule rule = new AnomalyRule(model, WINDOW, 6.0, 50, 1000, true);
        normalTraffic(rule, "10.0.0.1", 120);
        FakeEstimator fake = new FakeEstimator();

        model.useEstimator(fake);
        assertEquals("nothing judges with the service before its first fit", null, model.density());
        assertTrue(model.refitDensity());
        assertEquals(model.size(), fake.rows);
        assertEquals(List.of(TrafficWindow.NAMES), List.of(fake.names));
        assertFalse("no refit before enough new windows", model.refitDensity());
        assertEquals(1, fake.fits);

        // Normal windows are not flagged by the density (a handful may sit below p0.5, as designed) ...
        int flagged = 0;
        for (int w = 0; w < 100; w++) {
            for (int i = 2 + random.nextInt(7); i > 0; i--) {
                flagged += rule.observe(new FinishedRequest("10.0.0.2", "alice", "GET", "/v1/" + random.nextInt(3),
                        random.nextInt(50) == 0 ? 404 : 200, 1_000_000, random.nextInt(200), true), now).isPresent() ? 1 : 0;
                now += 100;
            }
            now += WINDOW;
        }
        flagged += rule.closeExpired(now).size();
        assertTrue("normal windows flagged: " + flagged + " of 100", flagged <= 3);
        // ... a scan is, and the incident names the model that judged.
        Optional<Detection> found = scan(rule, "10.0.0.66");
        assertTrue("never flagged", found.isPresent());
        assertTrue(found.get().cause(), found.get().cause().contains("model: fake Gaussian"));
        assertTrue(found.get().cause(), found.get().cause().contains("distinct paths"));

        // Removed: back to median/MAD at once.
        model.dropEstimator(fake);
        assertEquals(null, model.density());
        rule.forget("10.0.0.67");
        Optional<Detection> after = scan(rule, "10.0.0.67");
        assertTrue("never flagged", after.isPresent());
        assertTrue(after.get().cause(), after.get().cause().contains("model: median/MAD"));
    }

    /** A density fitted to fewer windows than judging needs made every new window anomalous, for good. */
    @Test
    public void theDensityIsFittedOnlyOnceTheBaselineHoldsTheWindowsJudgingNeeds() {
        AnomalyModel model = new AnomalyModel(500, 50);
        AnomalyRule rule = new AnomalyRule(model, WINDOW, 6.0, 50, 1000, true);
        FakeEstimator fake = new FakeEstimator();
        model.useEstimator(fake);
        normalTraffic(rule, "10.0.0.1", 20);
        assertTrue(model.size() >= 2 && model.size() < 50);
        assertFalse("fitted on " + model.size() + " windows", model.refitDensity());
        assertEquals(null, model.density());
        assertEquals(0, fake.fits);
        normalTraffic(rule, "10.0.0.1", 60);
        assertTrue(model.size() >= 50);
        assertTrue(model.refitDensity());
        assertTrue(model.density().windows() >= 50);
    }

    @Test
    public void aFailingEstimatorKeepsTheMedianMadModel() {
        AnomalyModel model = new AnomalyModel(500, 50);
        AnomalyRule rule = new AnomalyRule(model, WINDOW, 6.0, 50, 1000, false);
        normalTraffic(rule, "10.0.0.1", 60);
        model.useEstimator((baseline, names) -> {
            throw new IllegalStateException("no convergence");
        });
        assertEquals("no convergence", assertThrows(IllegalStateException.class, model::refitDensity).getMessage());
        assertEquals(null, model.density());
        assertTrue(scan(rule, "10.0.0.66").get().cause().contains("model: median/MAD"));
    }
}
