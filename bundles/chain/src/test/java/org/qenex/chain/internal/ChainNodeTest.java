package org.qenex.chain.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;

import org.junit.Test;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.consensus.Qxc;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.error.ChainError;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.tx.TransactionCodec;

public class ChainNodeTest {

    private final TestChain.Clock clock = new TestChain.Clock();
    private final KeyPair alice = TestChain.key(10);
    private final KeyPair bob = TestChain.key(11);
    private final KeyPair carol = TestChain.key(12);

    @Test
    public void mintsOnlyForVerifiedProofsAndOnce() throws Exception {
        ChainNode node = TestChain.node(new MemoryStore(), clock);
        ImprovementProof good = TestChain.proof(alice, 10_000, "one");
        ImprovementProof forged = TestChain.proof(alice, 10_000, TestChain.UNVERIFIED);
        Block b1 = node.produceBlock(List.of(good, forged));
        assertEquals(1, b1.mints().size());
        assertEquals(50 * Qxc.UNITS_PER_QXC, node.account(alice.account()).balance());
        Block b2 = node.produceBlock(List.of(good));
        assertEquals("a proof is rewarded at most once", 0, b2.mints().size());
        assertEquals(50 * Qxc.UNITS_PER_QXC, node.chain().minted());
        assertTrue(node.verify().ok());
    }

    @Test
    public void transfersMoveUnitsAndFeesGoToTheProducer() throws Exception {
        ChainNode node = TestChain.node(new MemoryStore(), clock);
        node.produceBlock(List.of(TestChain.proof(alice, 10_000, "one")));
        long fee = node.parameters().minFee();
        node.submit(TransactionCodec.transfer(TestChain.CHAIN_ID, alice, bob.account(), 1_000_000, fee, 0).encoded());
        node.submit(TransactionCodec.transfer(TestChain.CHAIN_ID, alice, carol.account(), 2_000_000, fee, 1).encoded());
        assertEquals(2, node.mempoolSize());
        assertEquals(2, node.account(alice.account()).nonce());
        Block b = node.produceBlock(List.of());
        assertEquals(2, b.transactions().size());
        assertEquals(0, node.mempoolSize());
        assertEquals(1_000_000, node.account(bob.account()).balance());
        assertEquals(2_000_000, node.account(carol.account()).balance());
        assertEquals(2 * fee, node.account(node.nodeAccount()).balance());
        assertEquals(50 * Qxc.UNITS_PER_QXC - 3_000_000 - 2 * fee, node.account(alice.account()).balance());
        assertEquals(1, node.transaction(b.transactions().get(0).id()).orElseThrow().confirmations());
    }

    @Test
    public void rewardIsSplitWithTheParent() throws Exception {
        ChainNode node = TestChain.node(new MemoryStore(), clock);
        node.produceBlock(List.of(TestChain.proof(alice, 10_000, "one")));
        node.submit(TransactionCodec.transfer(TestChain.CHAIN_ID, alice, bob.account(), 100_000, 1_000, 0).encoded());
        node.produceBlock(List.of());
        node.submit(TransactionCodec.setParent(TestChain.CHAIN_ID, bob, alice, 1_000, 0).encoded());
        node.produceBlock(List.of());
        assertEquals(alice.account(), node.account(bob.account()).parent());
        assertEquals(List.of(bob.account()), node.account(alice.account()).children());
        long aliceBefore = node.account(alice.account()).balance();
        long bobBefore = node.account(bob.account()).balance();
        // gain 3333 ppm of 10000: 50 QXC * 3333 / 10000 = 16.665 QXC
        node.produceBlock(List.of(TestChain.proof(bob, 3_333, "two", node.modelTip())));
        long reward = 5_000_000_000L * 3_333 / 10_000;
        long toParent = reward * 2_000 / 10_000;
        assertEquals(bobBefore + reward - toParent, node.account(bob.account()).balance());
        assertEquals(aliceBefore + toParent, node.account(alice.account()).balance());
        try {
            node.submit(TransactionCodec.setParent(TestChain.CHAIN_ID, alice, bob, 1_000, 1).encoded());
            fail("a cycle must be refused");
        } catch (ChainException e) {
            assertEquals(ChainError.PARENT_CYCLE, e.error());
        }
        assertTrue(node.verify().ok());
    }

    @Test
    public void failedCommitChangesNothing() throws Exception {
        MemoryStore store = new MemoryStore();
        ChainNode node = TestChain.node(store, clock);
        node.produceBlock(List.of(TestChain.proof(alice, 10_000, "one")));
        byte[] headBefore = node.head().hash();
        node.submit(TransactionCodec.transfer(TestChain.CHAIN_ID, alice, bob.account(), 5, 1_000, 0).encoded());
        store.failCommitAt = 0;
        try {
            node.produceBlock(List.of());
            fail("the injected failure should surface");
        } catch (RuntimeException expected) {
            // the store refused the batch
        }
        assertArrayEquals(headBefore, node.head().hash());
        assertEquals(0, node.account(bob.account()).balance());
        assertFalse(node.account(alice.account()).balance() < 50 * Qxc.UNITS_PER_QXC);
        node.produceBlock(List.of());
        assertEquals(5, node.account(bob.account()).balance());
    }
}
