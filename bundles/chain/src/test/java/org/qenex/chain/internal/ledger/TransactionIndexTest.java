package org.qenex.chain.internal.ledger;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;
import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.consensus.BlockRules;
import org.qenex.chain.internal.consensus.SignatureCache;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;

/**
 * Transaction look-ups by id read the block's height and the transaction's offset from the index
 * and decode that transaction alone: every transaction of several blocks is found where it is,
 * entries in the older form (block hash and index only) still are, a transaction of a block a
 * reorganisation took off is not, and an index entry that points at other bytes is a damaged store.
 */
public class TransactionIndexTest {

    private final TestChain.Clock clock = new TestChain.Clock();
    private final KeyPair alice = TestChain.key(10);

    private List<Block> payments(ChainNode node, int count, int perBlock, int from) throws Exception {
        List<Block> blocks = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            long nonce = node.account(alice.account()).nonce();
            for (int i = 0; i < perBlock; i++) {
                node.submit(TransactionCodec.transfer(TestChain.CHAIN_ID, alice, TestChain.key(from + b * perBlock + i).account(),
                        1_000 + i, 1_000, nonce++).encoded());
            }
            blocks.add(node.produceBlock(List.of()));
        }
        return blocks;
    }

    @Test
    public void findsEachTransactionFromItsOffsetAndOlderEntriesByDecodingTheBlock() throws Exception {
        ChainNode a = TestChain.node(new MemoryStore(), clock);
        ChainNode b = TestChain.node(new MemoryStore(), clock);
        MemoryStore store = new MemoryStore();
        Blockchain chain = new Blockchain(TestChain.params(), new ChainDatabase(store),
                new BlockRules(TestChain.params(), new SignatureCache(1_000)), TestChain.VERIFIER, () -> clock.now() + 3_600_000);
        chain.open();
        Block funding = a.produceBlock(List.of(TestChain.proof(alice, 10_000, "index")));
        b.importBlock(funding.encoded());
        chain.importBlock(funding);
        List<Block> blocks = payments(a, 3, 25, 20);
        blocks.forEach(block -> assertEquals(ImportOutcome.EXTENDED, importQuietly(chain, block)));

        for (Block block : blocks) {
            for (int i = 0; i < block.transactions().size(); i++) {
                Transaction tx = block.transactions().get(i);
                TransactionLocation at = chain.transaction(tx.id()).orElseThrow();
                assertArrayEquals(tx.encoded(), at.transaction().encoded());
                assertArrayEquals(block.hash(), at.blockHash());
                assertEquals(block.height(), at.blockHeight());
                assertEquals(i, at.index());
                assertEquals(chain.head().height() - block.height() + 1, at.confirmations());
            }
        }

        Namespace<byte[], byte[]> txs = store.namespace("chain.txs", Codecs.BYTES, Codecs.BYTES);
        Block second = blocks.get(1);
        Transaction older = second.transactions().get(7);
        byte[] entry = txs.get(older.id()).orElseThrow();
        txs.put(older.id(), Arrays.copyOf(entry, 36));
        TransactionLocation fromBlock = chain.transaction(older.id()).orElseThrow();
        assertArrayEquals(older.encoded(), fromBlock.transaction().encoded());
        assertEquals(second.height(), fromBlock.blockHeight());
        assertEquals(7, fromBlock.index());

        // pointing at the next transaction's bytes: refused, not answered with another transaction
        Transaction damaged = second.transactions().get(3);
        byte[] next = txs.get(second.transactions().get(4).id()).orElseThrow();
        txs.put(damaged.id(), ByteBuffer.allocate(48).put(txs.get(damaged.id()).orElseThrow(), 0, 44)
                .putInt(ByteBuffer.wrap(next).getInt(44)).array());
        assertThrows(IllegalStateException.class, () -> chain.transaction(damaged.id()));

        // b's longer branch replaces a's blocks: their transactions are no longer confirmed
        for (Block block : payments(b, 5, 2, 500)) {
            chain.importBlock(block);
        }
        assertArrayEquals(b.head().hash(), chain.head().hash());
        assertFalse(chain.transaction(blocks.get(2).transactions().get(0).id()).isPresent());
        Transaction onB = b.head().transactions().get(1);
        assertEquals(b.head().height(), chain.transaction(onB.id()).orElseThrow().blockHeight());
    }

    private static ImportOutcome importQuietly(Blockchain chain, Block block) {
        try {
            return chain.importBlock(block);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
