package org.qenex.storage.internal.crash;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.storage.KeyValue;
import org.qenex.api.storage.Namespace;
import org.qenex.storage.internal.EngineSettings;
import org.qenex.storage.internal.IncidentSink;
import org.qenex.storage.internal.StorageEngine;

/**
 * Kills a writing child process ({@link CrashHarness}) with SIGKILL at random moments, then reopens
 * the store and checks it against what the child acknowledged: every acknowledged batch present,
 * no batch partially visible, and the store opening with no manual step.
 *
 * <p>Runs {@code -Dqenex.crash.trials} trials (default 5) on one store, so each trial also
 * recovers from the previous ones. For hundreds: {@code mvn -f bundles/storage/pom.xml test
 * -Dtest=CrashHarnessTest -Dqenex.crash.trials=300}.
 */
public class CrashHarnessTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void acknowledgedBatchesSurviveSigkillAndNoBatchIsPartial() throws Exception {
        int trials = Integer.getInteger("qenex.crash.trials", 5);
        long seed = Long.getLong("qenex.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Path root = folder.getRoot().toPath();
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        long totalBatches = 0;
        long recoveries = 0;
        long tornTails = 0;
        for (int trial = 0; trial < trials; trial++) {
            long firstId = trial * 10_000_000L;
            Process child = new ProcessBuilder(javaBinary(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    CrashHarness.class.getName(), root.toString(), Long.toString(firstId), Long.toString(random.nextLong()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            java.util.concurrent.CountDownLatch opened = new java.util.concurrent.CountDownLatch(1);
            Thread reader = new Thread(() -> readAcks(child, acknowledged, opened));
            reader.start();
            // Kill at a random moment: one trial in five while opening and recovering, the rest under write load.
            if (random.nextInt(5) == 0) {
                Thread.sleep(100 + random.nextInt(600));
            } else {
                assertTrue("child did not open the store", opened.await(60, TimeUnit.SECONDS));
                Thread.sleep(50 + random.nextInt(1500));
            }
            child.destroyForcibly();
            assertTrue("child did not die", child.waitFor(30, TimeUnit.SECONDS));
            reader.join(10_000);

            List<String> incidents = new ArrayList<>();
            try (StorageEngine store = StorageEngine.open(EngineSettings.defaults(root).withSegmentBytes(256 * 1024)
                    .withDiskLowBytes(0), (severity, cause, action, outcome) -> incidents.add(severity + " " + cause))) {
                recoveries += incidents.stream().filter(i -> i.contains("index damaged")).count();
                tornTails += incidents.stream().filter(i -> i.contains("torn record")).count();
                totalBatches = checkStore(store, acknowledged, "trial " + trial + " (seed " + seed + ")");
            }
            if (trials > 5 && (trial + 1) % 10 == 0) {
                System.out.println("crash harness: " + (trial + 1) + " trials passed, " + acknowledged.size()
                        + " acknowledged batches checked");
            }
        }
        assertTrue("the children acknowledged no batch at all", acknowledged.size() > 0);
        System.out.println("crash harness: " + trials + " trials, " + acknowledged.size() + " acknowledged batches, "
                + totalBatches + " batches in the store, " + tornTails + " torn journal tails truncated, " + recoveries
                + " index rebuilds, seed " + seed + ": all acknowledged present, none partial");
    }

    private static void readAcks(Process child, Set<Long> acknowledged, java.util.concurrent.CountDownLatch opened) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null;) {
                // A line cut by the kill can end the stream: accept only well-formed lines.
                if (line.equals("OPEN")) {
                    opened.countDown();
                }
                if (line.matches("ACK \\d+")) {
                    acknowledged.add(Long.parseLong(line.substring(4)));
                }
            }
        } catch (java.io.IOException e) {
            // The kill closed the pipe: every complete line before it was read.
        }
    }

    private static long checkStore(StorageEngine store, Set<Long> acknowledged, String context) {
        Map<Long, Integer> keysPerBatch = new HashMap<>();
        for (int n = 0; n < 2; n++) {
            Namespace<String, String> ns = CrashHarness.namespaceOf(store, n);
            String after = null;
            while (true) {
                var page = ns.range(after, null, 10_000);
                for (KeyValue<String, String> kv : page) {
                    String key = kv.key();
                    if (key.equals(after)) {
                        continue;
                    }
                    long id = Long.parseLong(key.substring(0, key.indexOf('/')));
                    int part = Integer.parseInt(key.substring(key.indexOf('/') + 1));
                    assertTrue(context + ": value of " + key, kv.value().startsWith(id + ":" + part));
                    keysPerBatch.merge(id, 1, Integer::sum);
                }
                if (page.size() < 10_000) {
                    break;
                }
                after = page.get(page.size() - 1).key() + "\0";
            }
        }
        for (Map.Entry<Long, Integer> e : keysPerBatch.entrySet()) {
            assertEquals(context + ": batch " + e.getKey() + " is partial", CrashHarness.KEYS_PER_BATCH, (int) e.getValue());
        }
        for (long id : acknowledged) {
            assertTrue(context + ": acknowledged batch " + id + " is missing", keysPerBatch.containsKey(id));
        }
        return keysPerBatch.size();
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
