package org.qenex.security.internal.intrusion;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

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
        AnomalyModel model = new AnomalyModel(500);
        AnomalyRule rule = new AnomalyRule(model, WINDOW, 6.0, 50, 1000, false);
        normalTraffic(rule, "10.0.0.1", 10);
        for (int i = 0; i < 200; i++) {
            assertEquals(Optional.empty(), rule.observe(new FinishedRequest("10.0.0.66", null, "GET", "/v1/p" + i,
                    404, 1000, 0, false), now));
        }
    }

    @Test
    public void aBurstOfDistinctPathsIsCaughtWhileItHappensAndNormalTrafficIsNot() {
        AnomalyModel model = new AnomalyModel(500);
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
        AnomalyModel model = new AnomalyModel(500);
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
        AnomalyModel model = new AnomalyModel(500);
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
        AnomalyModel model = new AnomalyModel(500);
        AnomalyRule rule = new AnomalyRule(model, WINDOW, 6.0, 50, 1000, false);
        normalTraffic(rule, "10.0.0.1", 80);
        Path file = folder.getRoot().toPath().resolve("baseline.csv");
        model.save(file);

        AnomalyModel reloaded = new AnomalyModel(500);
        reloaded.load(file);
        assertEquals(model.size(), reloaded.size());
        double[] odd = {Math.log1p(300), Math.log1p(300), 0, 0, 1.0};
        assertEquals(model.score(odd, 5).value(), reloaded.score(odd, 5).value(), 1e-4);
        assertTrue(reloaded.score(odd, 5).value() > 6.0);
    }

    @Test
    public void aFlatBaselineDoesNotMakeEveryTinyChangeAnomalous() {
        AnomalyModel model = new AnomalyModel(100);
        for (int i = 0; i < 100; i++) {
            model.learn(new double[] {Math.log1p(3), Math.log1p(1), 0, 0, 0});
        }
        // One more request and one more path than always: not worth an incident.
        assertTrue(model.score(new double[] {Math.log1p(4), Math.log1p(2), 0, 0, 0.25}, 5).value() < 6.0);
    }
}
