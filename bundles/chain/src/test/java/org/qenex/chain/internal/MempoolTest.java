package org.qenex.chain.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;

import org.junit.Before;
import org.junit.Test;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.error.ChainError;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;

public class MempoolTest {

    private final TestChain.Clock clock = new TestChain.Clock();
    private final KeyPair alice = TestChain.key(10);
    private final KeyPair bob = TestChain.key(11);
    private final KeyPair carol = TestChain.key(12);
    private ChainNode node;

    @Before
    public void fund() throws Exception {
        node = new ChainNode(TestChain.params(), new MemoryStore(), TestChain.validator(), TestChain.VERIFIER,
                () -> clock.advance(5_000), new ChainNode.Limits(4, 3, 1_000));
        node.open();
        TestChain.ModelLine line = new TestChain.ModelLine();
        node.produceBlock(List.of(line.next(alice, 10_000, "a"), line.next(bob, 10_000, "b"), line.next(carol, 10_000, "c")));
    }

    private Transaction pay(KeyPair from, long fee, long nonce) {
        return TransactionCodec.transfer(TestChain.CHAIN_ID, from, TestChain.key(50).account(), 1, fee, nonce);
    }

    private void refused(Transaction tx, ChainError error) {
        try {
            node.submit(tx.encoded());
            fail("expected " + error);
        } catch (ChainException e) {
            assertEquals(error, e.error());
        }
    }

    @Test
    public void dedupesAndKeepsNoncesInARow() throws Exception {
        Transaction first = pay(alice, 1_000, 0);
        node.submit(first.encoded());
        refused(first, ChainError.DUPLICATE);
        refused(pay(alice, 2_000, 0), ChainError.NONCE_REPLAYED);
        refused(pay(alice, 1_000, 2), ChainError.NONCE_SKIPPED);
        node.submit(pay(alice, 1_000, 1).encoded());
        node.submit(pay(alice, 1_000, 2).encoded());
        refused(pay(alice, 1_000, 3), ChainError.SENDER_LIMIT);
    }

    @Test
    public void ordersByFeeAndEvictsTheCheapestWhenFull() throws Exception {
        node.submit(pay(alice, 1_000, 0).encoded());
        node.submit(pay(alice, 1_500, 1).encoded());
        node.submit(pay(bob, 5_000, 0).encoded());
        node.submit(pay(carol, 3_000, 0).encoded());
        refused(pay(carol, 1_000, 1), ChainError.MEMPOOL_FULL);
        node.submit(pay(carol, 2_000, 1).encoded());
        assertEquals(4, node.mempoolSize());
        List<Transaction> order = node.mempool().select(1 << 20);
        assertEquals(List.of(5_000L, 3_000L, 2_000L, 1_000L), order.stream().map(Transaction::fee).toList());
        node.produceBlock(List.of());
        assertEquals(0, node.mempoolSize());
        assertEquals(1, node.account(alice.account()).nonce());
    }

    @Test
    public void checksTheWholePendingCostAgainstTheBalance() throws Exception {
        long balance = node.account(alice.account()).balance();
        node.submit(TransactionCodec.transfer(TestChain.CHAIN_ID, alice, bob.account(), balance - 5_000, 1_000, 0).encoded());
        refused(TransactionCodec.transfer(TestChain.CHAIN_ID, alice, bob.account(), 3_001, 1_000, 1),
                ChainError.INSUFFICIENT_BALANCE);
        node.submit(TransactionCodec.transfer(TestChain.CHAIN_ID, alice, bob.account(), 3_000, 1_000, 1).encoded());
        assertEquals(2, node.mempoolSize());
    }

    @Test
    public void aBlockFromElsewhereDropsWhatItInvalidatesAndKeepsTheRest() throws Exception {
        // another node with the same chain spends most of alice's coins with a transfer this node never saw
        ChainNode other = new ChainNode(TestChain.params(), new MemoryStore(), TestChain.validator(), TestChain.VERIFIER,
                () -> clock.advance(5_000), new ChainNode.Limits(100, 10, 1_000));
        other.open();
        other.importBlock(node.blockAt(1).orElseThrow().encoded());
        long balance = node.account(alice.account()).balance();
        other.submit(TransactionCodec.transfer(TestChain.CHAIN_ID, alice, carol.account(), balance - 2_000, 1_000, 0).encoded());
        Block elsewhere = other.produceBlock(List.of());

        node.submit(pay(alice, 1_000, 0).encoded());
        node.submit(pay(alice, 1_000, 1).encoded());
        node.submit(pay(bob, 1_000, 0).encoded());
        node.importBlock(elsewhere.encoded());

        assertEquals("alice's nonce 0 is spent, and nonce 1 cannot be paid for any more", 1, node.mempoolSize());
        assertTrue(node.mempool().contains(pay(bob, 1_000, 0).id()));
        assertEquals(1, node.account(alice.account()).nonce());
    }
}
