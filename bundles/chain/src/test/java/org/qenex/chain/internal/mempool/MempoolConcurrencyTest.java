package org.qenex.chain.internal.mempool;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.After;
import org.junit.Test;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.error.ChainError;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;

/**
 * The mempool's rules hold when admissions race: the same nonce is never admitted twice, a
 * sender's pending spends never exceed its balance, the global bound holds, and nothing admitted
 * is lost or counted twice while blocks are made meanwhile. Each test makes threads meet at a
 * barrier before every round, so that they really do submit at the same moment; a mempool whose
 * per-sender checks and inserts were not atomic admits conflicting transactions here.
 */
public class MempoolConcurrencyTest {

    private static final int THREADS = 8;

    private final TestChain.Clock clock = new TestChain.Clock();
    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS);

    @After
    public void stop() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS));
    }

    private ChainNode node(int maxTransactions, int maxPerSender, KeyPair... funded) throws ChainException {
        ChainNode node = new ChainNode(TestChain.params(), new MemoryStore(), TestChain.validator(), TestChain.VERIFIER,
                () -> clock.advance(5_000), new ChainNode.Limits(maxTransactions, maxPerSender, 100_000));
        node.open();
        TestChain.ModelLine line = new TestChain.ModelLine();
        List<org.qenex.api.improvement.ImprovementProof> proofs = new ArrayList<>();
        for (int i = 0; i < funded.length; i++) {
            proofs.add(line.next(funded[i], 10_000, "fund-" + i));
        }
        node.produceBlock(proofs);
        return node;
    }

    private static KeyPair[] keys(int from, int count) {
        KeyPair[] keys = new KeyPair[count];
        for (int i = 0; i < count; i++) {
            keys[i] = TestChain.key(from + i);
        }
        return keys;
    }

    /** Runs {@code rounds} rounds; in each, every thread submits its own transaction for that round at once. */
    private Map<Integer, List<Transaction>> race(ChainNode node, int rounds, TxForRound make) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        Map<Integer, List<Transaction>> admitted = new ConcurrentHashMap<>();
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            running.add(threads.submit(() -> {
                // signed and verified (so cached) beforehand: after each barrier the threads race straight to the mempool
                Transaction[] mine = new Transaction[rounds];
                for (int round = 0; round < rounds; round++) {
                    mine[round] = make.tx(thread, round);
                    node.chain().rules().transactionRules().checkStateless(mine[round]);
                }
                for (int round = 0; round < rounds; round++) {
                    Transaction tx = mine[round];
                    start.await(30, TimeUnit.SECONDS);
                    try {
                        node.submit(tx.encoded());
                        admitted.computeIfAbsent(round, r -> new ArrayList<>());
                        synchronized (admitted) {
                            admitted.get(round).add(tx);
                        }
                    } catch (ChainException e) {
                        assertTrue("refused for " + e.error(), e.error() == ChainError.NONCE_REPLAYED
                                || e.error() == ChainError.NONCE_SKIPPED || e.error() == ChainError.DUPLICATE
                                || e.error() == ChainError.INSUFFICIENT_BALANCE || e.error() == ChainError.SENDER_LIMIT
                                || e.error() == ChainError.MEMPOOL_FULL);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get(2, TimeUnit.MINUTES);
        }
        return admitted;
    }

    @FunctionalInterface
    private interface TxForRound {
        Transaction tx(int thread, int round) throws Exception;
    }

    @Test
    public void oneTransactionPerNonceWhenEveryThreadOffersItsOwnVersion() throws Exception {
        KeyPair alice = TestChain.key(10);
        ChainNode node = node(10_000, 2_000, alice);
        // round r: every thread offers a different transfer (own recipient) with alice's nonce r
        int rounds = 1_000;
        Map<Integer, List<Transaction>> admitted = race(node, rounds,
                (thread, round) -> TransactionCodec.transfer(TestChain.CHAIN_ID, alice, TestChain.key(100 + thread).account(), 1,
                        1_000, round));
        for (int round = 0; round < rounds; round++) {
            assertEquals("round " + round + " admitted " + admitted.get(round), 1, admitted.get(round).size());
        }
        assertEquals(rounds, node.mempoolSize());
        assertEquals(rounds, node.mempool().pendingCount(alice.account()));
        List<Transaction> selected = node.mempool().select(Integer.MAX_VALUE);
        for (int nonce = 0; nonce < rounds; nonce++) {
            assertEquals(admitted.get(nonce).get(0).idHex(), selected.get(nonce).idHex());
        }
        // and a block takes exactly those, so the next nonce is the count
        node.produceBlock(List.of());
        assertEquals(rounds, node.account(alice.account()).nonce());
        assertEquals(0, node.mempoolSize());
    }

    @Test
    public void pendingSpendsNeverExceedTheBalance() throws Exception {
        KeyPair bob = TestChain.key(11);
        ChainNode node = node(10_000, 1_000, bob);
        long balance = node.account(bob.account()).balance();
        long fee = 1_000;
        // each transfer costs a seventh of the balance (plus change), so only six fit, whoever wins each nonce
        long amount = balance / 7;
        Map<Integer, List<Transaction>> admitted = race(node, 12,
                (thread, round) -> TransactionCodec.transfer(TestChain.CHAIN_ID, bob, TestChain.key(200 + thread).account(), amount,
                        fee, round));
        long pending = 0;
        int count = 0;
        for (List<Transaction> round : admitted.values()) {
            for (Transaction tx : round) {
                pending += tx.amount() + tx.fee();
                count++;
            }
        }
        assertTrue("pending " + pending + " over the balance " + balance, pending <= balance);
        assertEquals(6, count);
        assertEquals(6, node.mempoolSize());
        Block block = node.produceBlock(List.of());
        assertEquals(6, block.transactions().size());
    }

    @Test
    public void theGlobalBoundHoldsWhileManySendersRace() throws Exception {
        KeyPair[] senders = keys(20, THREADS);
        int max = 37;
        ChainNode node = node(max, 1_000, senders);
        // each thread its own sender, same fee: a full mempool refuses (nobody is cheaper to evict)
        Map<Integer, List<Transaction>> admitted = race(node, 10,
                (thread, round) -> TransactionCodec.transfer(TestChain.CHAIN_ID, senders[thread], TestChain.key(300).account(), 1,
                        1_000, round));
        int count = admitted.values().stream().mapToInt(List::size).sum();
        assertEquals(max, count);
        assertEquals(max, node.mempoolSize());
        assertEquals(max, node.mempool().select(Integer.MAX_VALUE).size());
        int pending = 0;
        for (KeyPair s : senders) {
            pending += node.mempool().pendingCount(s.account());
        }
        assertEquals(max, pending);
    }

    @Test
    public void nothingAdmittedIsLostOrDoubledWhileBlocksAreMade() throws Exception {
        KeyPair[] senders = keys(40, THREADS);
        ChainNode node = node(100_000, 64, senders);
        AtomicBoolean sending = new AtomicBoolean(true);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            KeyPair sender = senders[t];
            running.add(threads.submit(() -> {
                // a wallet: the next nonce is the node's account view, pending included
                for (int i = 0; i < 150; i++) {
                    long nonce = node.account(sender.account()).nonce();
                    Transaction tx = TransactionCodec.transfer(TestChain.CHAIN_ID, sender, TestChain.key(400).account(), 1,
                            1_000 + i % 7, nonce);
                    try {
                        node.submit(tx.encoded());
                        acknowledged.add(tx.idHex());
                    } catch (ChainException e) {
                        assertTrue("refused for " + e.error(), e.error() == ChainError.NONCE_REPLAYED
                                || e.error() == ChainError.NONCE_SKIPPED || e.error() == ChainError.SENDER_LIMIT);
                    }
                }
                return null;
            }));
        }
        Future<?> producer = Executors.newSingleThreadExecutor().submit(() -> {
            while (sending.get()) {
                node.produceBlock(List.of());
            }
            return null;
        });
        for (Future<?> f : running) {
            f.get(2, TimeUnit.MINUTES);
        }
        sending.set(false);
        producer.get(1, TimeUnit.MINUTES);
        // every acknowledged transfer is in exactly one block or still pending, and nothing else is
        Map<String, Integer> seen = new HashMap<>();
        for (long h = 1; h <= node.height(); h++) {
            for (Transaction tx : node.blockAt(h).orElseThrow().transactions()) {
                seen.merge(tx.idHex(), 1, Integer::sum);
            }
        }
        Set<String> pending = new HashSet<>();
        for (Transaction tx : node.mempool().select(Integer.MAX_VALUE)) {
            assertTrue("pending and in a block: " + tx.idHex(), pending.add(tx.idHex()) && !seen.containsKey(tx.idHex()));
        }
        assertEquals(pending.size(), node.mempoolSize());
        for (String id : acknowledged) {
            assertTrue("lost: " + id, seen.containsKey(id) || pending.contains(id));
        }
        seen.values().forEach(n -> assertEquals(Integer.valueOf(1), n));
        long inBlocksOrPending = seen.size() + pending.size();
        assertEquals(acknowledged.size(), inBlocksOrPending);
        for (KeyPair s : senders) {
            AccountId id = s.account();
            assertEquals(node.account(id).confirmedNonce() + node.mempool().pendingCount(id), node.account(id).nonce());
        }
    }
}
