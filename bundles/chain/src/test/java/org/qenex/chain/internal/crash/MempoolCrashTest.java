package org.qenex.chain.internal.crash;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.chain.internal.StoredChains;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.ledger.ChainNode;
import org.qenex.storage.internal.StorageEngine;

/**
 * No acknowledged transfer is lost: kills a node ({@link MempoolCrashChild}) with {@code destroyForcibly}
 * (SIGKILL) at a random moment while several threads submit transfers and blocks are produced,
 * restarts it on the same store, and checks that every transfer it acknowledged ("pending", the 202
 * of the REST API) is pending or in a block. A transfer seen in a block is not checked again; one
 * still pending is checked after every later restart too. Trials continue on the same store.
 * {@code -Dchain.crash.trials=N} runs more (default 3).
 */
public class MempoolCrashTest {

    private static final java.util.regex.Pattern ACK = java.util.regex.Pattern.compile("ACK [0-9a-f]{64}");

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void everyAcknowledgedTransferIsPendingOrConfirmedAfterAKill() throws Exception {
        int trials = Integer.getInteger("chain.crash.trials", 3);
        Path dir = folder.newFolder("store").toPath();
        Random random = new Random(7);
        Set<String> unsettled = new LinkedHashSet<>();
        long acknowledged = 0;
        long confirmed = 0;
        for (int trial = 0; trial < trials; trial++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), MempoolCrashChild.class.getName(),
                    dir.toString(), Long.toString(random.nextLong()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long lifeMillis = 300 + random.nextInt(2_000);
            // a child that never gets going is killed too, and the checks below then say so instead of hanging
            child.onExit().orTimeout(120, TimeUnit.SECONDS).exceptionally(timeout -> {
                child.toHandle().destroyForcibly();
                return child;
            });
            int acksThisTrial = 0;
            String opened = "";
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("OPEN ")) {
                        opened = line;
                    } else if (ACK.matcher(line).matches()) {
                        unsettled.add(line.substring(4));
                        if (acksThisTrial++ > 0) {
                            continue;
                        }
                        // the kill lands at a random moment of the load, however slow the start (a cold JVM
                        // on a loaded machine) was
                        Thread killer = new Thread(() -> {
                            try {
                                Thread.sleep(lifeMillis);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            child.toHandle().destroyForcibly();
                        }, "mempool-crash-killer");
                        killer.setDaemon(true);
                        killer.start();
                    }
                }
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            }
            acknowledged += acksThisTrial;
            int pending = 0;
            try (StorageEngine store = StoredChains.open(dir)) {
                ChainNode node = new ChainNode(TestChain.params(), store, TestChain.validator(), TestChain.VERIFIER,
                        System::currentTimeMillis, ChainNode.Limits.DEFAULT);
                String note = node.open();
                for (Iterator<String> it = unsettled.iterator(); it.hasNext();) {
                    String id = it.next();
                    byte[] raw = HexFormat.of().parseHex(id);
                    if (node.transaction(raw).isPresent()) {
                        it.remove();
                        confirmed++;
                    } else if (node.isPending(raw)) {
                        pending++;
                    } else {
                        fail("trial " + trial + ": transfer " + id + " was acknowledged but is neither pending nor in a block ("
                                + note + ")");
                    }
                }
                System.out.println("mempool crash trial " + trial + ": " + acksThisTrial + " acknowledged, " + pending
                        + " pending after the restart, " + confirmed + " confirmed so far; child " + opened + "; " + note);
            }
        }
        System.out.println("mempool crash: " + trials + " kills, " + acknowledged + " transfers acknowledged, none lost");
        assertTrue("the child acknowledged transfers", acknowledged > 0);
    }
}
