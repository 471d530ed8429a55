package org.qenex.chain.internal.ledger;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.block.Block;

/**
 * The newest block is answered from memory: importing a block on the head, a second copy of the
 * head, and asking for the head by hash read no block from the store. On a loaded node each such
 * read waited for the store's apply of the previous block's batch (a second and more for a block of
 * 5,000 transfers) and decoded a whole block (docs/network.md, "Performance").
 */
public class NewestBlockReadsTest {

    private final TestChain.Clock clock = new TestChain.Clock();

    @Test
    public void aBlockOnTheHeadItsSecondCopyAndTheHeadByHashReadNoBlockFromTheStore() throws Exception {
        ChainNode source = TestChain.node(new MemoryStore(), clock);
        Block first = source.produceBlock(List.of(TestChain.proof(TestChain.key(10), 10_000, "reads")));
        Block second = source.produceBlock(List.of());
        MemoryStore store = new MemoryStore();
        ChainNode node = TestChain.node(store, clock);
        node.importBlock(first.encoded());
        long before = blockReads(store);

        assertEquals(ImportOutcome.EXTENDED, node.importBlock(second.encoded()));
        assertEquals(ImportOutcome.ALREADY_KNOWN, node.importBlock(second.encoded()));
        assertArrayEquals(second.encoded(), node.block(second.hash()).orElseThrow().encoded());
        assertEquals("no block read from the store", before, blockReads(store));

        assertArrayEquals("an older block still comes from the store", first.hash(), node.block(first.hash()).orElseThrow().hash());
        assertEquals(before + 1, blockReads(store));
    }

    private static long blockReads(MemoryStore store) {
        return store.pointReads.getOrDefault("chain.blocks", new java.util.concurrent.atomic.AtomicLong()).get();
    }
}
