package org.qenex.chain.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.block.BlockCodec;
import org.qenex.chain.internal.block.BlockHeader;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.error.ChainError;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.ledger.ImportOutcome;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;

/** Synthetic forks: two nodes of one chain build competing branches, one imports the other's. */
public class ForkChoiceTest {

    private final TestChain.Clock clock = new TestChain.Clock();
    private final KeyPair alice = TestChain.key(10);
    private final KeyPair bob = TestChain.key(11);

    private List<Block> produce(ChainNode node, int count) throws ChainException {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            blocks.add(node.produceBlock(List.of()));
        }
        return blocks;
    }

    @Test
    public void switchesToTheLongerBranchAndPutsTheStateRight() throws Exception {
        ChainNode a = TestChain.node(new MemoryStore(), clock);
        ChainNode b = TestChain.node(new MemoryStore(), clock);
        Block common = a.produceBlock(List.of(TestChain.proof(alice, 10_000, "common")));
        assertEquals(ImportOutcome.EXTENDED, b.importBlock(common.encoded()));

        // a's branch: alice pays bob, then a mint for bob
        Transaction pay = TransactionCodec.transfer(TestChain.CHAIN_ID, alice, bob.account(), 777, 1_000, 0);
        a.submit(pay.encoded());
        ImprovementProof onlyOnA = TestChain.proof(bob, 5_000, "only-on-a", a.modelTip());
        a.produceBlock(List.of(onlyOnA));
        a.produceBlock(List.of());
        assertEquals(777 + 2_500_000_000L, a.account(bob.account()).balance());

        // b's branch is one block longer and holds neither; its blocks are in later slots (one clock)
        List<Block> branch = produce(b, 3);
        assertEquals(ImportOutcome.SIDE_BRANCH, a.importBlock(branch.get(0).encoded()));
        assertEquals("as heavy as a's branch, its tip in a later slot", ImportOutcome.SIDE_BRANCH,
                a.importBlock(branch.get(1).encoded()));
        assertEquals(ImportOutcome.REORGANISED, a.importBlock(branch.get(2).encoded()));

        assertArrayEquals(b.head().hash(), a.head().hash());
        assertArrayEquals(b.head().header().stateCommitment(), a.chain().stateCommitment());
        assertEquals(0, a.account(bob.account()).balance());
        assertFalse("the undone mint may be rewarded again",
                a.isRewarded(onlyOnA.id()));
        assertEquals("the model tip is back at the common block's version", b.modelTip(), a.modelTip());
        assertFalse("and the undone version may be minted again", a.isSpent(onlyOnA));
        assertTrue("the undone transfer is back in the mempool", a.isPending(pay.id()));
        assertTrue(a.verify().ok());

        // and back again: the first branch's blocks are kept as a side branch
        Block next = a.produceBlock(List.of());
        assertEquals(1, next.transactions().size());
        assertEquals(777, a.account(bob.account()).balance());
    }

    @Test
    public void refusesReorganisationsDeeperThanFinality() throws Exception {
        ChainNode a = TestChain.node(new MemoryStore(), clock);
        ChainNode b = TestChain.node(new MemoryStore(), clock);
        produce(a, 8);
        List<Block> longer = produce(b, 10);
        try {
            a.importBlock(longer.get(0).encoded());
            fail("a branch from genesis is 8 blocks deep");
        } catch (ChainException e) {
            assertEquals(ChainError.REORG_TOO_DEEP, e.error());
        }
        assertEquals(8, a.head().height());
    }

    @Test
    public void keepsTheMainChainWhenTheBetterBranchIsInvalid() throws Exception {
        ChainNode a = TestChain.node(new MemoryStore(), clock);
        ChainNode b = TestChain.node(new MemoryStore(), clock);
        Block a1 = a.produceBlock(List.of());
        List<Block> branch = produce(b, 1);
        Block b1 = branch.get(0);
        BlockHeader h = b1.header();
        BlockHeader forged = new BlockHeader(h.chainId(), 2, b1.hash(), h.timestampMillis() + 5_000, h.txRoot(), h.mintRoot(),
                new byte[32], h.producerKey(), 0, 0);
        Block bad = BlockCodec.seal(forged, TestChain.validator(), List.of(), List.of());
        assertEquals("equal weight, a later slot", ImportOutcome.SIDE_BRANCH, a.importBlock(b1.encoded()));
        try {
            a.importBlock(bad.encoded());
            fail("the branch's tip has a bad state commitment");
        } catch (ChainException e) {
            assertEquals(ChainError.BAD_STATE_COMMITMENT, e.error());
        }
        assertArrayEquals(a1.hash(), a.head().hash());
        assertTrue(a.verify().ok());
    }

    @Test
    public void atEqualWeightTheEarlierSlotWinsWhicheverArrivesFirst() throws Exception {
        ChainNode a = TestChain.node(new MemoryStore(), clock);
        ChainNode b = TestChain.node(new MemoryStore(), clock);
        Block early = a.produceBlock(List.of(TestChain.proof(alice, 10_000, "early")));
        Block late = b.produceBlock(List.of());
        assertTrue(late.header().timestampMillis() - early.header().timestampMillis() >= TestChain.params().blockIntervalMillis());
        // whichever hash is lower: both orders of arrival end on the earlier block
        assertEquals("the block of the earlier slot, arriving after its sibling, takes over",
                ImportOutcome.REORGANISED, b.importBlock(early.encoded()));
        assertArrayEquals(early.hash(), b.head().hash());
        assertEquals(ImportOutcome.SIDE_BRANCH, a.importBlock(late.encoded()));
        assertArrayEquals(early.hash(), a.head().hash());
        assertEquals(a.account(alice.account()).balance(), b.account(alice.account()).balance());

        // a block on the later sibling outweighs it: the heavier branch wins, slot or not
        ChainNode c = TestChain.node(new MemoryStore(), clock);
        c.importBlock(late.encoded());
        Block onLate = c.produceBlock(List.of());
        assertEquals(ImportOutcome.REORGANISED, a.importBlock(onLate.encoded()));
        assertArrayEquals(onLate.hash(), a.head().hash());
    }

    @Test
    public void inTheSameSlotTheLowerHashWins() throws Exception {
        // two clocks at the same time: both blocks are in the same slot, in turn, equally heavy
        ChainNode a = TestChain.node(new MemoryStore(), new TestChain.Clock());
        ChainNode b = TestChain.node(new MemoryStore(), new TestChain.Clock());
        Block withProof = a.produceBlock(List.of(TestChain.proof(alice, 10_000, "same-slot")));
        Block empty = b.produceBlock(List.of());
        assertEquals(withProof.header().timestampMillis(), empty.header().timestampMillis());
        Block lower = Arrays.compareUnsigned(withProof.hash(), empty.hash()) < 0 ? withProof : empty;
        a.importBlock(empty.encoded());
        b.importBlock(withProof.encoded());
        assertArrayEquals(lower.hash(), a.head().hash());
        assertArrayEquals(lower.hash(), b.head().hash());
    }
}
