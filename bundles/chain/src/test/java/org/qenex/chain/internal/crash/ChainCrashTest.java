package org.qenex.chain.internal.crash;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.StoredChains;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.ledger.ChainNode;
import org.qenex.storage.internal.StorageEngine;

/**
 * Kills a block-producing node ({@link ChainCrashChild}) with {@code destroyForcibly} at a random
 * moment, reopens its store and checks: it opens with no manual step, the head is the last block
 * announced or later (one stored but not yet announced), every announced block is there, the
 * chain re-validates, and its state equals that of a node that imported the same blocks without
 * ever crashing. Trials continue on the same store. {@code -Dchain.crash.trials=N} runs more
 * (default 3).
 */
public class ChainCrashTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void survivesKillsDuringBlockProduction() throws Exception {
        int trials = Integer.getInteger("chain.crash.trials", 3);
        Path dir = folder.newFolder("store").toPath();
        Random random = new Random(42);
        Map<Long, String> announced = new TreeMap<>();
        long highestAnnounced = 0;
        for (int trial = 0; trial < trials; trial++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), ChainCrashChild.class.getName(),
                    dir.toString(), Long.toString(random.nextLong()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long lifeMillis = 400 + random.nextInt(2_500);
            // a child that never gets going is killed too, and the checks below then say so instead of hanging
            child.onExit().orTimeout(120, TimeUnit.SECONDS).exceptionally(timeout -> {
                child.toHandle().destroyForcibly();
                return child;
            });
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                boolean armed = false;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("BLOCK ") && !armed) {
                        armed = true;
                        // the kill lands at a random moment of production, however slow the start (a cold
                        // JVM on a loaded machine took seconds for its first block) was
                        Thread killer = new Thread(() -> {
                            try {
                                Thread.sleep(lifeMillis);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            // through the handle: Process.destroyForcibly also closes the pipe this thread
                            // reads, which makes the readLine below fail with "Stream closed"; a killed
                            // child ends the read with end-of-stream instead
                            child.toHandle().destroyForcibly();
                        }, "chain-crash-killer");
                        killer.setDaemon(true);
                        killer.start();
                    }
                    if (line.startsWith("BLOCK ")) {
                        String[] parts = line.split(" ");
                        long height = Long.parseLong(parts[1]);
                        announced.put(height, parts[2]);
                        highestAnnounced = Math.max(highestAnnounced, height);
                    }
                }
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            }
            try (StorageEngine store = StoredChains.open(dir)) {
                ChainNode node = new ChainNode(TestChain.params(), store, TestChain.validator(), TestChain.VERIFIER,
                        System::currentTimeMillis, ChainNode.Limits.DEFAULT);
                node.open();
                long head = node.head().height();
                assertTrue("trial " + trial + ": head " + head + " below the announced " + highestAnnounced,
                        head >= highestAnnounced);
                for (Map.Entry<Long, String> e : announced.entrySet()) {
                    assertEquals("trial " + trial + ": announced block " + e.getKey(), e.getValue(),
                            node.blockAt(e.getKey()).orElseThrow().hashHex());
                }
                assertTrue(node.verify().detail(), node.verify().ok());
                ChainNode neverCrashed = new ChainNode(TestChain.params(), new MemoryStore(), TestChain.validator(),
                        TestChain.VERIFIER, System::currentTimeMillis, ChainNode.Limits.DEFAULT);
                neverCrashed.open();
                for (long h = 1; h <= head; h++) {
                    Block block = node.blockAt(h).orElseThrow();
                    neverCrashed.importBlock(block.encoded());
                    announced.putIfAbsent(h, block.hashHex());
                }
                highestAnnounced = head;
                assertArrayEquals(neverCrashed.chain().stateCommitment(), node.chain().stateCommitment());
                assertEquals(neverCrashed.chain().accounts(), node.chain().accounts());
                assertEquals("no unit created or lost", node.chain().minted(), node.chain().totalBalance());
                System.out.println("chain crash trial " + trial + ": head " + head + ", " + node.chain().startupNote());
            }
        }
        assertTrue("the child produced blocks", highestAnnounced > 0);
    }
}
