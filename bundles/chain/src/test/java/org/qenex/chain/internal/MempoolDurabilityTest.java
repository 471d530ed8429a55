package org.qenex.chain.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.Store;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.error.ChainError;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.ledger.Submission;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;
import org.qenex.storage.internal.StorageEngine;

/** An admitted transaction is in the store before {@code submit} returns, and stays pending or goes into a block. */
public class MempoolDurabilityTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final TestChain.Clock clock = new TestChain.Clock();
    private final KeyPair alice = TestChain.key(10);
    private final KeyPair bob = TestChain.key(11);

    private ChainNode node(Store store) {
        return TestChain.node(store, clock);
    }

    private Transaction pay(KeyPair from, long nonce) {
        return TransactionCodec.transfer(TestChain.CHAIN_ID, from, TestChain.key(50).account(), 1, 1_000, nonce);
    }

    private static long stored(Store store) {
        return store.namespace("chain.mempool", Codecs.BYTES, Codecs.BYTES).count();
    }

    @Test
    public void anAcknowledgedTransactionSurvivesARestartAndLeavesTheStoreWithItsBlock() throws Exception {
        Path dir = folder.newFolder("store").toPath();
        List<Transaction> sent = List.of(pay(alice, 0), pay(alice, 1), pay(bob, 0));
        try (StorageEngine store = StoredChains.open(dir)) {
            ChainNode node = node(store);
            TestChain.ModelLine line = new TestChain.ModelLine();
            node.produceBlock(List.of(line.next(alice, 10_000, "a"), line.next(bob, 10_000, "b")));
            for (Transaction tx : sent) {
                node.submit(tx.encoded());
            }
        }
        try (StorageEngine store = StoredChains.open(dir)) {
            ChainNode node = node(store);
            assertEquals(3, node.mempoolSize());
            for (Transaction tx : sent) {
                assertTrue("pending after the restart: " + tx.idHex(), node.isPending(tx.id()));
            }
            assertEquals("the next nonce counts the reloaded transactions", 2, node.account(alice.account()).nonce());
            node.produceBlock(List.of());
            assertEquals("the block's batch leaves its transactions' deletes to the pool", 3, stored(store));
            node.flush();
            assertEquals("the pool deleted what the block included", 0, stored(store));
        }
        try (StorageEngine store = StoredChains.open(dir)) {
            ChainNode node = node(store);
            assertEquals(0, node.mempoolSize());
            for (Transaction tx : sent) {
                assertTrue(node.transaction(tx.id()).isPresent());
            }
        }
    }

    /**
     * The rule of docs/network.md ("Which node keeps a pending transaction durable"): a transaction
     * this node acknowledged to its client survives a crash; one a peer relayed is held in memory
     * only (its peer keeps it durable and hands it over again), and may be admitted again after the restart.
     */
    @Test
    public void aRelayedTransactionIsHeldInMemoryOnlyAndAnAcknowledgedOneSurvivesACrash() throws Exception {
        Path dir = folder.newFolder("store").toPath();
        Transaction acknowledged = pay(alice, 0);
        List<Transaction> relayed = List.of(pay(bob, 0), pay(bob, 1));
        try (StorageEngine engine = StoredChains.open(dir)) {
            CommitCountingStore store = new CommitCountingStore(engine);
            ChainNode node = node(store);
            TestChain.ModelLine line = new TestChain.ModelLine();
            node.produceBlock(List.of(line.next(alice, 10_000, "a"), line.next(bob, 10_000, "b")));
            node.submit(acknowledged.encoded());
            long commits = store.commits.get();
            assertEquals(java.util.Arrays.asList(null, null), node.admitRelayed(relayed));
            assertEquals("relayed: no store commit", commits, store.commits.get());
            assertEquals(3, node.mempoolSize());
            assertEquals("only the acknowledged one is stored", 1, stored(store));
            // closed without flush(): what a kill leaves
        }
        try (StorageEngine store = StoredChains.open(dir)) {
            ChainNode node = node(store);
            assertEquals(1, node.mempoolSize());
            assertTrue(node.isPending(acknowledged.id()));
            assertFalse("held in memory only: the peer that relayed it hands it over again", node.isPending(relayed.get(0).id()));
            assertEquals(java.util.Arrays.asList(null, null), node.admitRelayed(relayed));
            assertEquals("the second relay of a pending one is a duplicate", ChainError.DUPLICATE,
                    node.admitRelayed(List.of(relayed.get(1))).get(0).error());
            assertEquals(3, node.produceBlock(List.of()).transactions().size());
            node.flush();
            assertEquals(0, stored(store));
        }
    }

    @Test
    public void aCrashBeforeTheIncludedTransactionsAreDeletedLeavesThemForTheReloadToDrop() throws Exception {
        Path dir = folder.newFolder("store").toPath();
        List<Transaction> sent = List.of(pay(alice, 0), pay(alice, 1), pay(bob, 0));
        long aliceAfter;
        long bobAfter;
        try (StorageEngine store = StoredChains.open(dir)) {
            ChainNode node = node(store);
            TestChain.ModelLine line = new TestChain.ModelLine();
            node.produceBlock(List.of(line.next(alice, 10_000, "a"), line.next(bob, 10_000, "b")));
            for (Transaction tx : sent) {
                node.submit(tx.encoded());
            }
            assertEquals(3, node.produceBlock(List.of()).transactions().size());
            assertEquals("the deletes wait for the pool's next group: a kill -9 now leaves them undone", 3, stored(store));
            aliceAfter = node.account(alice.account()).balance();
            bobAfter = node.account(bob.account()).balance();
            // closed without flush(): what a kill leaves (every commit above is durable, nothing else is written)
        }
        try (StorageEngine store = StoredChains.open(dir)) {
            ChainNode node = node(store);
            assertEquals(0, node.mempoolSize());
            for (Transaction tx : sent) {
                assertFalse("confirmed, so not pending again: " + tx.idHex(), node.isPending(tx.id()));
                assertTrue(node.transaction(tx.id()).isPresent());
            }
            assertEquals("the reload deleted the confirmed ones", 0, stored(store));
            assertEquals("nothing is applied twice", 0, node.produceBlock(List.of()).transactions().size());
            assertEquals(aliceAfter, node.account(alice.account()).balance());
            assertEquals(bobAfter, node.account(bob.account()).balance());
            assertEquals(2, node.account(alice.account()).nonce());
            Transaction later = pay(alice, 2);
            node.submit(later.encoded());
            assertEquals(List.of(later.idHex()), node.produceBlock(List.of()).transactions().stream().map(Transaction::idHex).toList());
        }
    }

    @Test
    public void atStartWhatABlockIncludedOrNoLongerFitsIsDeletedAndSaidSo() throws Exception {
        MemoryStore store = new MemoryStore();
        ChainNode node = node(store);
        node.produceBlock(List.of(TestChain.proof(alice, 10_000, "a")));
        Transaction included = pay(alice, 0);
        node.submit(included.encoded());
        node.produceBlock(List.of());
        Namespace<byte[], byte[]> pool = store.namespace("chain.mempool", Codecs.BYTES, Codecs.BYTES);
        // as if a crash came between a block's batch and a late write of its transaction, plus worse
        pool.put(included.id(), included.encoded());
        Transaction replayed = TransactionCodec.transfer(TestChain.CHAIN_ID, alice, bob.account(), 7, 1_000, 0);
        pool.put(replayed.id(), replayed.encoded());
        pool.put(new byte[32], new byte[] {1, 2, 3});
        Transaction fine = pay(alice, 1);
        pool.put(fine.id(), fine.encoded());

        ChainNode restarted = new ChainNode(TestChain.params(), store, TestChain.validator(), TestChain.VERIFIER,
                () -> clock.advance(5_000), ChainNode.Limits.DEFAULT);
        String note = restarted.open();
        assertTrue(note, note.contains("mempool: 1 stored transactions pending again, 1 already in blocks, 2 no longer valid"));
        assertTrue(restarted.isPending(fine.id()));
        assertFalse(restarted.isPending(replayed.id()));
        assertEquals(1, restarted.mempoolSize());
        assertEquals("only what is pending stays stored", 1, stored(store));
    }

    @Test
    public void aReorganisationStoresTheUndoneTransactionsAsPendingAgain() throws Exception {
        MemoryStore store = new MemoryStore();
        ChainNode node = node(store);
        Block funding = node.produceBlock(List.of(TestChain.proof(alice, 10_000, "a")));
        Transaction undone = pay(alice, 0);
        node.submit(undone.encoded());
        node.produceBlock(List.of());
        node.flush();
        assertEquals(0, stored(store));

        ChainNode other = node(new MemoryStore());
        other.importBlock(funding.encoded());
        Block b2 = other.produceBlock(List.of());
        Block b3 = other.produceBlock(List.of());
        node.importBlock(b2.encoded());
        node.importBlock(b3.encoded());
        assertTrue(node.isPending(undone.id()));
        assertEquals(1, stored(store));
        assertTrue(node(store).isPending(undone.id()));
    }

    @Test
    public void concurrentAdmissionsShareCommitsAndAFailedCommitAdmitsNothing() throws Exception {
        // commits take 20 ms, as a disk flush does
        MemoryStore memory = new MemoryStore();
        CommitCountingStore store = new CommitCountingStore(memory, 20);
        ChainNode node = node(store);
        List<KeyPair> senders = new ArrayList<>();
        List<ImprovementProof> proofs = new ArrayList<>();
        TestChain.ModelLine line = new TestChain.ModelLine();
        for (int i = 0; i < 8; i++) {
            senders.add(TestChain.key(60 + i));
            proofs.add(line.next(senders.get(i), 10_000, "s" + i));
        }
        node.produceBlock(proofs);
        store.commits.set(0);
        ExecutorService threads = Executors.newFixedThreadPool(senders.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (KeyPair sender : senders) {
                done.add(threads.submit(() -> {
                    for (int nonce = 0; nonce < 25; nonce++) {
                        node.submit(pay(sender, nonce).encoded());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(200, node.mempoolSize());
        assertEquals(200, stored(store));
        assertTrue("200 admissions from 8 threads took " + store.commits.get() + " commits", store.commits.get() < 100);

        Transaction refused = pay(alice, 0);
        node.produceBlock(List.of(line.next(alice, 10_000, "late")));
        memory.failCommitAt = 0;
        try {
            node.submit(refused.encoded());
            fail("a transaction the store did not keep is not admitted");
        } catch (ChainException e) {
            assertEquals(ChainError.NOT_STORED, e.error());
        }
        assertFalse(node.isPending(refused.id()));
        node.submit(refused.encoded());
        assertTrue("sent again once the store works", node.isPending(refused.id()));
    }

    @Test
    public void aBatchWaitsForTheStoreOnceAndItsAdmittedTransactionsSurviveACrash() throws Exception {
        Path dir = folder.newFolder("store").toPath();
        List<Transaction> batch = new ArrayList<>();
        for (int nonce = 0; nonce < 30; nonce++) {
            batch.add(pay(alice, nonce));
        }
        Transaction skipped = pay(bob, 7);
        batch.add(skipped);
        try (StorageEngine engine = StoredChains.open(dir)) {
            CommitCountingStore store = new CommitCountingStore(engine);
            ChainNode node = node(store);
            TestChain.ModelLine line = new TestChain.ModelLine();
            node.produceBlock(List.of(line.next(alice, 10_000, "a"), line.next(bob, 10_000, "b")));
            long commits = store.commits.get();
            List<Submission> outcomes = node.submitAll(batch.stream().map(Transaction::encoded).toList());
            assertEquals("one store commit for the batch", 1, store.commits.get() - commits);
            for (int i = 0; i < 30; i++) {
                assertTrue("nonce " + i + " follows the one before it in the same batch", outcomes.get(i).admitted());
                assertArrayEquals(batch.get(i).id(), outcomes.get(i).id());
            }
            assertEquals("the state's verdict on one does not refuse the others", ChainError.NONCE_SKIPPED,
                    outcomes.get(30).refusal().error());
            assertArrayEquals(skipped.id(), outcomes.get(30).id());
            assertEquals(30, stored(store));

            byte[] forged = pay(bob, 0).encoded();
            forged[forged.length - 1] ^= 1;
            try {
                node.submitAll(List.of(pay(bob, 0).encoded(), forged));
                fail("a malformed transaction refuses the whole batch");
            } catch (ChainException e) {
                assertEquals(ChainError.BAD_SIGNATURE, e.error());
                assertTrue(e.getMessage(), e.getMessage().startsWith("transactions[1]: "));
            }
            assertFalse("nothing of a refused batch is admitted", node.isPending(pay(bob, 0).id()));
            // closed without flush(): what a kill leaves
        }
        try (StorageEngine store = StoredChains.open(dir)) {
            ChainNode node = node(store);
            assertEquals("the 30 acknowledged transfers survived", 30, node.mempoolSize());
            assertEquals(30, node.produceBlock(List.of()).transactions().size());
        }
    }

    @Test
    public void aBatchWhoseCommitFailsAdmitsNoneOfIt() throws Exception {
        MemoryStore memory = new MemoryStore();
        ChainNode node = node(memory);
        node.produceBlock(List.of(TestChain.proof(alice, 10_000, "a")));
        memory.failCommitAt = 0;
        List<Submission> outcomes = node.submitAll(List.of(pay(alice, 0).encoded(), pay(alice, 1).encoded()));
        for (Submission s : outcomes) {
            assertEquals(ChainError.NOT_STORED, s.refusal().error());
        }
        assertEquals("a transaction the store did not keep is not pending", 0, node.mempoolSize());
        assertTrue("sent again once the store works", node.submitAll(List.of(pay(alice, 0).encoded())).get(0).admitted());
    }
}
