package org.qenex.ai.internal.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The kill -9 loop of issue 10: a node killed while it judges a candidate restarts and refuses
 * that candidate (judging_interrupted), never re-queues it; every earlier one stays refused, and
 * the node then judges a new candidate as usual.
 */
public class JudgingCrashTest {

    /** Minutes of CPU: still being judged when the kill comes. */
    private static final String SLOW = "{\"pipelines\":{\"language.fortunes\":{\"learner\":\"J48\",\"filters\":"
            + "[{\"name\":\"StringToWordVector\",\"options\":[\"-W\",\"500\"]}]}}}";
    private static final String J48 = "{\"pipelines\":{\"mathematics.product-relation\":{\"learner\":\"J48\"}}}";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void aCandidateInFlightWhenTheNodeIsKilledIsRefusedAtRestart() throws Exception {
        Path dir = folder.newFolder("store").toPath();
        int trials = Integer.getInteger("ai.crash.trials", 3);
        List<String> killedWhileJudging = new ArrayList<>();
        for (int trial = 0; trial < trials; trial++) {
            Process node = start(dir, "judge", SLOW);
            List<String> lines = new ArrayList<>();
            try (BufferedReader out = reader(node)) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                    if (line.startsWith("JUDGING ")) {
                        killedWhileJudging.add(line.substring(8));
                        node.destroyForcibly(); // SIGKILL: nothing of the node runs after this
                        break;
                    }
                }
            }
            assertTrue("killed before it judged: " + lines, node.waitFor(30, TimeUnit.SECONDS));
            assertEquals("trial " + trial + " killed while judging", trial + 1, killedWhileJudging.size());
            assertPreviousRefused(lines, killedWhileJudging.subList(0, trial));
        }
        Process node = start(dir, "check", J48);
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = reader(node)) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
        }
        assertTrue(node.waitFor(60, TimeUnit.SECONDS));
        assertPreviousRefused(lines, killedWhileJudging);
        String judged = lines.stream().filter(l -> l.startsWith("JUDGED ")).findFirst().orElseThrow(
                () -> new AssertionError("the restarted node judged nothing: " + lines));
        assertTrue(judged, judged.contains(" ACCEPTED ") || judged.contains(" REJECTED gate"));
    }

    /** Every candidate killed earlier is listed refused with the interruption's reason, none queued. */
    private static void assertPreviousRefused(List<String> lines, List<String> killed) {
        for (String id : killed) {
            String line = lines.stream().filter(l -> l.startsWith("CANDIDATE " + id + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError(id + " not listed: " + lines));
            assertTrue(line, line.startsWith("CANDIDATE " + id + " REJECTED " + CandidateJudging.INTERRUPTED
                    + ": refused: the node stopped abnormally while judging this candidate"));
        }
        assertTrue(lines.toString(), lines.stream().noneMatch(l -> l.contains(" QUEUED ") || l.contains(" TRAINING ")));
    }

    private static Process start(Path dir, String mode, String spec) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-DWEKA_HOME=" + Path.of("target", "wekafiles").toAbsolutePath(),
                "-Dweka.packageManager.offline=true", "-Dweka.packageManager.loadPackages=false",
                "-cp", System.getProperty("java.class.path"), JudgingCrashChild.class.getName(),
                dir.toString(), mode, spec).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static BufferedReader reader(Process node) {
        return new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    }
}
