package org.qenex.chain.internal.crash;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.StoredChains;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.block.Block;
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
        int trials = CrashHarness.trials(3);
        Path dir = folder.newFolder("store").toPath();
        Random random = new Random(42);
        TreeMap<Long, String> announced = new TreeMap<>();
        for (int trial = 0; trial < trials; trial++) {
            long lifeMillis = 400 + random.nextInt(2_500);
            try (CrashHarness child = CrashHarness.start(ChainCrashChild.class, dir.toString(), Long.toString(random.nextLong()))) {
                child.forEachLine(line -> {
                    if (line.startsWith("BLOCK ")) {
                        // a random moment of production, counted from the first block
                        child.killIn(lifeMillis);
                        String[] parts = line.split(" ");
                        announced.put(Long.parseLong(parts[1]), parts[2]);
                    }
                });
            }
            long highestAnnounced = announced.isEmpty() ? 0 : announced.lastKey();
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
                assertArrayEquals(neverCrashed.chain().stateCommitment(), node.chain().stateCommitment());
                assertEquals(neverCrashed.chain().accounts(), node.chain().accounts());
                assertEquals("no unit created or lost", node.chain().minted(), node.chain().totalBalance());
                System.out.println("chain crash trial " + trial + ": head " + head + ", " + node.chain().startupNote());
            }
        }
        assertTrue("the child produced blocks", !announced.isEmpty());
    }
}
