package org.qenex.chain.internal.exchange;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Test;
import org.qenex.api.chain.BlockExchange;
import org.qenex.api.chain.BlockExchange.BlockImport;
import org.qenex.api.chain.BlockExchange.BlockVerdict;
import org.qenex.api.chain.BlockExchange.TransactionVerdict;
import org.qenex.api.health.testing.RecordingIncidentLog;
import org.qenex.api.improvement.VerificationResult;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.CommitCountingStore;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.block.BlockCodec;
import org.qenex.chain.internal.block.BlockHeader;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;

/** Every verdict of {@link ChainExchange}, the locator and fork point, and listeners that fail or hang. */
public class ChainExchangeTest {

    private final TestChain.Clock clock = new TestChain.Clock();
    private final KeyPair alice = TestChain.key(10);
    private final KeyPair bob = TestChain.key(11);
    private final List<ChainExchange> exchanges = new ArrayList<>();

    @After
    public void close() {
        exchanges.forEach(ChainExchange::close);
    }

    private ChainExchange exchange(ChainNode node) {
        ChainExchange exchange = new ChainExchange(node);
        exchanges.add(exchange);
        return exchange;
    }

    private static List<Block> produce(ChainNode node, int count) throws Exception {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            blocks.add(node.produceBlock(List.of()));
        }
        return blocks;
    }

    private static BlockVerdict verdict(ChainExchange exchange, Block block) {
        return exchange.importBlock(block.encoded()).verdict();
    }

    /**
     * A proof this node cannot check yet is no verdict: the block is DEFERRED (not INVALID), not marked
     * invalid, not stored, and imported once the verifier can decide; one that reproduces differently
     * is INVALID with proof_not_verified.
     */
    @Test
    public void aBlockWhoseProofCannotBeCheckedYetIsDeferredThenImported() throws Exception {
        ChainNode source = TestChain.node(new MemoryStore(), clock);
        AtomicReference<VerificationResult> answer = new AtomicReference<>(
                VerificationResult.undecided("unknown parent version: not verified here yet"));
        ChainNode node = new ChainNode(TestChain.params(), new MemoryStore(), TestChain.validator(), proof -> answer.get(),
                () -> clock.advance(5_000), ChainNode.Limits.DEFAULT);
        node.open();
        ChainExchange exchange = exchange(node);
        Block minting = source.produceBlock(List.of(TestChain.proof(alice, 10_000, "one")));
        assertEquals(1, minting.mints().size());

        BlockImport deferred = exchange.importBlock(minting.encoded());
        assertEquals(BlockVerdict.DEFERRED, deferred.verdict());
        assertTrue(deferred.reason(), deferred.reason().contains("unknown parent version"));
        assertEquals(0, node.head().height());
        assertFalse("a deferred block is not stored", exchange.block(minting.hash()).isPresent());
        assertEquals("asked again, still no verdict", BlockVerdict.DEFERRED, verdict(exchange, minting));

        answer.set(VerificationResult.valid("reproduced"));
        assertEquals("not remembered as invalid: imported once the proof verifies", BlockVerdict.EXTENDED,
                verdict(exchange, minting));
        assertEquals(source.modelTip(), node.modelTip());
        assertArrayEquals(source.head().hash(), node.head().hash());

        ChainNode refusing = new ChainNode(TestChain.params(), new MemoryStore(), TestChain.validator(),
                proof -> VerificationResult.invalid("claimed 0 -> 10000 ppm, reproduced 0 -> 9000"),
                () -> clock.advance(5_000), ChainNode.Limits.DEFAULT);
        refusing.open();
        assertEquals(new BlockImport(BlockVerdict.INVALID, "proof_not_verified"), exchange(refusing).importBlock(minting.encoded()));
    }

    @Test
    public void everyBlockVerdict() throws Exception {
        ChainNode source = TestChain.node(new MemoryStore(), clock);
        ChainNode rival = TestChain.node(new MemoryStore(), clock);
        ChainNode node = TestChain.node(new MemoryStore(), clock);
        ChainExchange exchange = exchange(node);
        List<Block> main = produce(source, 3);
        List<Block> side = produce(rival, 4);

        assertEquals(BlockVerdict.ORPHAN, verdict(exchange, main.get(1)));
        assertEquals(BlockVerdict.EXTENDED, verdict(exchange, main.get(0)));
        assertEquals(BlockVerdict.ALREADY_KNOWN, verdict(exchange, main.get(0)));
        assertEquals(BlockVerdict.EXTENDED, verdict(exchange, main.get(1)));
        // the rival branch is lighter than the main chain until its third block, which ties (the lower tip hash wins)
        assertEquals(BlockVerdict.SIDE_BRANCH, verdict(exchange, side.get(0)));
        assertEquals(BlockVerdict.EXTENDED, verdict(exchange, main.get(2)));
        assertEquals(BlockVerdict.SIDE_BRANCH, verdict(exchange, side.get(1)));
        BlockVerdict third = verdict(exchange, side.get(2));
        boolean lower = Arrays.compareUnsigned(side.get(2).hash(), main.get(2).hash()) < 0;
        assertEquals(lower ? BlockVerdict.REORGANISED : BlockVerdict.SIDE_BRANCH, third);
        assertEquals(BlockVerdict.REORGANISED == third ? BlockVerdict.EXTENDED : BlockVerdict.REORGANISED,
                verdict(exchange, side.get(3)));
        assertArrayEquals(side.get(3).hash(), node.head().hash());

        BlockImport garbage = exchange.importBlock(new byte[] {1, 2, 3});
        assertEquals(new BlockImport(BlockVerdict.INVALID, "bad_encoding"), garbage);
        assertEquals(new BlockImport(BlockVerdict.INVALID, "block_oversized"),
                exchange.importBlock(new byte[node.parameters().maxBlockBytes() + 1]));
        Block head = node.head();
        BlockHeader h = head.header();
        BlockHeader next = new BlockHeader(h.chainId(), h.height() + 1, head.hash(), h.timestampMillis() + 5_000, h.txRoot(),
                h.mintRoot(), h.stateCommitment(), h.producerKey(), 0, 0);
        byte[] badSignature = BlockCodec.seal(next, TestChain.key(99), List.of(), List.of()).encoded();
        assertEquals(new BlockImport(BlockVerdict.INVALID, "bad_producer_signature"), exchange.importBlock(badSignature));
        Block sameSlot = BlockCodec.seal(new BlockHeader(h.chainId(), h.height() + 1, head.hash(), h.timestampMillis() + 1,
                h.txRoot(), h.mintRoot(), h.stateCommitment(), h.producerKey(), 0, 0), TestChain.validator(), List.of(), List.of());
        assertEquals(new BlockImport(BlockVerdict.INVALID, "slot_taken"), exchange.importBlock(sameSlot.encoded()));
        assertArrayEquals("nothing a peer sent moved the head", side.get(3).hash(), node.head().hash());
    }

    @Test
    public void aBranchDeeperThanFinalityIsTooDeepAndReportedOnce() throws Exception {
        ChainNode node = TestChain.node(new MemoryStore(), clock);
        ChainNode other = TestChain.node(new MemoryStore(), clock);
        ChainExchange exchange = exchange(node);
        RecordingIncidentLog incidents = new RecordingIncidentLog();
        exchange.setIncidents(incidents);
        produce(node, node.parameters().finalityDepth() + 2);
        List<Block> branch = produce(other, node.parameters().finalityDepth() + 4);

        BlockImport refused = exchange.importBlock(branch.get(0).encoded());
        assertEquals(new BlockImport(BlockVerdict.TOO_DEEP, "reorg_too_deep"), refused);
        assertEquals(refused, exchange.importBlock(branch.get(0).encoded()));
        assertEquals("the rest of that branch has no parent here", BlockVerdict.ORPHAN, verdict(exchange, branch.get(1)));
        assertEquals("one incident for the branch", 1, incidents.reported().size());
    }

    @Test
    public void transactionVerdicts() throws Exception {
        ChainNode node = TestChain.node(new MemoryStore(), clock);
        ChainExchange exchange = exchange(node);
        node.produceBlock(List.of(TestChain.proof(alice, 10_000, "funding")));
        Transaction pay = TransactionCodec.transfer(TestChain.CHAIN_ID, alice, bob.account(), 500, 1_000, 0);

        assertEquals(TransactionVerdict.ADMITTED, exchange.admitTransaction(pay.encoded()).verdict());
        assertTrue(exchange.knowsTransaction(pay.id()));
        assertArrayEquals(pay.encoded(), exchange.pendingTransaction(pay.id()).orElseThrow());
        assertEquals("pending", TransactionVerdict.KNOWN, exchange.admitTransaction(pay.encoded()).verdict());
        node.produceBlock(List.of());
        assertTrue(exchange.pendingTransaction(pay.id()).isEmpty());
        assertEquals("confirmed", TransactionVerdict.KNOWN, exchange.admitTransaction(pay.encoded()).verdict());
        assertTrue(exchange.knowsTransaction(pay.id()));

        assertEquals(new BlockExchange.TransactionAdmission(TransactionVerdict.REJECTED, "bad_encoding"),
                exchange.admitTransaction(new byte[] {9}));
        Transaction skipped = TransactionCodec.transfer(TestChain.CHAIN_ID, alice, bob.account(), 500, 1_000, 5);
        assertEquals(new BlockExchange.TransactionAdmission(TransactionVerdict.REJECTED, "nonce_skipped"),
                exchange.admitTransaction(skipped.encoded()));
        Transaction broke = TransactionCodec.transfer(TestChain.CHAIN_ID, bob, alice.account(), 1, 1_000, 0);
        assertEquals("insufficient_balance", exchange.admitTransaction(broke.encoded()).reason());
        assertFalse(exchange.knowsTransaction(skipped.id()));
        assertFalse(exchange.knowsTransaction(new byte[3]));
    }

    /**
     * A peer's batch (what the relay hands over per TRANSACTIONS message): each transaction gets the
     * verdict it would get alone, in order, and those admitted are held in memory only, without a
     * store write (the peer's node keeps them durable), neither when admitted nor when their block
     * connects.
     */
    @Test
    public void aBatchOfTransactionsGetsTheVerdictsOfOneByOneAndNoStoreWrite() throws Exception {
        CommitCountingStore store = new CommitCountingStore(new MemoryStore());
        ChainNode node = TestChain.node(store, clock);
        ChainExchange exchange = exchange(node);
        node.produceBlock(List.of(TestChain.proof(alice, 10_000, "funding")));
        Transaction pending = TransactionCodec.transfer(TestChain.CHAIN_ID, alice, bob.account(), 5, 1_000, 0);
        assertEquals(TransactionVerdict.ADMITTED, exchange.admitTransaction(pending.encoded()).verdict());
        List<Transaction> pays = new ArrayList<>();
        for (int nonce = 1; nonce <= 20; nonce++) {
            pays.add(TransactionCodec.transfer(TestChain.CHAIN_ID, alice, bob.account(), 5, 1_000, nonce));
        }
        Transaction skipped = TransactionCodec.transfer(TestChain.CHAIN_ID, alice, bob.account(), 5, 1_000, 40);
        List<byte[]> batch = new ArrayList<>();
        batch.add(pending.encoded());
        pays.forEach(tx -> batch.add(tx.encoded()));
        batch.add(new byte[] {9});
        batch.add(skipped.encoded());
        batch.add(pays.get(3).encoded());
        long commitsBefore = store.commits.get();

        List<BlockExchange.TransactionAdmission> verdicts = exchange.admitTransactions(batch);

        assertEquals(batch.size(), verdicts.size());
        assertEquals("pending already", TransactionVerdict.KNOWN, verdicts.get(0).verdict());
        for (int i = 1; i <= 20; i++) {
            assertEquals("nonce " + i + " follows the one before it in the same batch", TransactionVerdict.ADMITTED,
                    verdicts.get(i).verdict());
            assertTrue(exchange.knowsTransaction(pays.get(i - 1).id()));
        }
        assertEquals(new BlockExchange.TransactionAdmission(TransactionVerdict.REJECTED, "bad_encoding"), verdicts.get(21));
        assertEquals(new BlockExchange.TransactionAdmission(TransactionVerdict.REJECTED, "nonce_skipped"), verdicts.get(22));
        assertEquals("twice in one batch: known the second time", TransactionVerdict.KNOWN, verdicts.get(23).verdict());
        assertEquals("20 admitted, no store commit", 0, store.commits.get() - commitsBefore);
        assertEquals(21, node.mempoolSize());
        assertEquals("they are in the next block", 21, node.produceBlock(List.of()).transactions().size());
        node.flush();
        assertEquals("relayed: never written to the mempool's store, nor deleted from it", 0, store.writes("chain.mempool"));
    }

    @Test
    public void locatorHashesAndForkPoint() throws Exception {
        assertArrayEquals(new long[] {0}, ChainExchange.locatorHeights(0));
        assertArrayEquals(new long[] {1, 0}, ChainExchange.locatorHeights(1));
        assertArrayEquals(new long[] {20, 19, 17, 13, 5, 0}, ChainExchange.locatorHeights(20));

        ChainNode node = TestChain.node(new MemoryStore(), clock);
        ChainExchange exchange = exchange(node);
        List<Block> blocks = produce(node, 20);
        List<byte[]> locator = exchange.locator();
        assertEquals(6, locator.size());
        assertArrayEquals(node.head().hash(), locator.get(0));
        assertArrayEquals(blocks.get(12).hash(), locator.get(3));
        assertArrayEquals(node.blockAt(0).orElseThrow().hash(), locator.get(5));

        List<byte[]> hashes = exchange.mainChainHashes(18, 5);
        assertEquals(3, hashes.size());
        assertArrayEquals(blocks.get(17).hash(), hashes.get(0));
        assertEquals(List.of(), exchange.mainChainHashes(0, 0));
        assertArrayEquals(blocks.get(4).encoded(), exchange.block(blocks.get(4).hash()).orElseThrow());
        assertTrue(exchange.block(new byte[5]).isEmpty());

        // a peer that shares our first 8 blocks and then went its own way
        ChainNode peer = TestChain.node(new MemoryStore(), clock);
        for (Block b : blocks.subList(0, 8)) {
            peer.importBlock(b.encoded());
        }
        produce(peer, 3);
        assertEquals(8, exchange.forkPoint(exchange(peer).locator()));
        assertEquals("a locator of strangers meets at genesis", 0, exchange.forkPoint(List.of(new byte[32], new byte[7])));
        assertEquals(20, exchange.forkPoint(locator));
    }

    @Test
    public void listenersHearOfBlocksAndTransactionsAndOneThatFailsOrHangsStopsNothing() throws Exception {
        ChainNode node = TestChain.node(new MemoryStore(), clock);
        ChainExchange exchange = exchange(node);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch hanging = new CountDownLatch(1);
        List<Long> heard = new CopyOnWriteArrayList<>();
        List<String> transactions = new CopyOnWriteArrayList<>();
        exchange.addListener(new BlockExchange.Listener() {
            @Override
            public void blockConnected(byte[] hash, long height, byte[] encoded) {
                throw new IllegalStateException("a listener's bug");
            }

            @Override
            public void transactionAdmitted(byte[] id, byte[] encoded) {
                throw new IllegalStateException("a listener's bug");
            }
        });
        exchange.addListener(new BlockExchange.Listener() {
            @Override
            public void blockConnected(byte[] hash, long height, byte[] encoded) {
                heard.add(height);
                if (height == 2) {
                    hanging.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void transactionAdmitted(byte[] id, byte[] encoded) {
                transactions.add(java.util.HexFormat.of().formatHex(id));
            }
        });

        node.produceBlock(List.of(TestChain.proof(alice, 10_000, "funding")));
        node.produceBlock(List.of());
        assertTrue("the second block reached the listener", hanging.await(5, TimeUnit.SECONDS));
        // the listener hangs: the chain goes on, and admits transactions
        List<Block> meanwhile = produce(node, 5);
        Transaction pay = TransactionCodec.transfer(TestChain.CHAIN_ID, alice, bob.account(), 500, 1_000, 0);
        assertEquals(TransactionVerdict.ADMITTED, exchange.admitTransaction(pay.encoded()).verdict());
        assertEquals(7, node.head().height());
        assertEquals(List.of(1L, 2L), heard);

        release.countDown();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!exchange.relayIdle() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals("every block in order, after the throwing listener", List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), heard);
        assertEquals(List.of(pay.idHex()), transactions);
        assertEquals(0, exchange.droppedEvents());
        assertEquals(meanwhile.get(4).height(), 7);
    }
}
