package org.qenex.chain.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.storage.Codecs;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.state.Account;
import org.qenex.chain.internal.tx.TransactionCodec;
import org.qenex.storage.internal.StorageEngine;

/** The chain in the real store: restarts, and a state that no longer matches the head is rebuilt. */
public class PersistenceTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final TestChain.Clock clock = new TestChain.Clock();
    private final KeyPair alice = TestChain.key(10);
    private final KeyPair bob = TestChain.key(11);

    @Test
    public void restartsWhereItStoppedAndRebuildsATamperedState() throws Exception {
        Path dir = folder.newFolder("store").toPath();
        byte[] head;
        byte[] commitment;
        try (StorageEngine store = StoredChains.open(dir)) {
            ChainNode node = TestChain.node(store, clock);
            node.produceBlock(List.of(TestChain.proof(alice, 10_000, "one")));
            node.submit(TransactionCodec.transfer(TestChain.CHAIN_ID, alice, bob.account(), 123, 1_000, 0).encoded());
            node.produceBlock(List.of());
            try {
                node.submit(TransactionCodec.setParent(TestChain.CHAIN_ID, bob, alice, 1_000, 0).encoded());
                org.junit.Assert.fail("bob cannot pay the fee");
            } catch (org.qenex.chain.internal.error.ChainException e) {
                assertEquals(org.qenex.chain.internal.error.ChainError.INSUFFICIENT_BALANCE, e.error());
            }
            head = node.head().hash();
            commitment = node.chain().stateCommitment();
        }
        try (StorageEngine store = StoredChains.open(dir)) {
            ChainNode node = TestChain.node(store, clock);
            assertArrayEquals(head, node.head().hash());
            assertTrue(node.chain().startupNote(), node.chain().startupNote().contains("state matches"));
            assertEquals(123, node.account(bob.account()).balance());
            // tamper: give bob coins out of thin air behind the chain's back
            store.namespace("chain.accounts", Codecs.BYTES, Codecs.BYTES).put(bob.account().bytes(),
                    new Account(1_000_000, 0, null).encode());
            store.namespace("chain.meta", Codecs.STRING, Codecs.BYTES).put("minted", ByteBuffer.allocate(8).putLong(1).array());
        }
        try (StorageEngine store = StoredChains.open(dir)) {
            ChainNode node = TestChain.node(store, clock);
            assertTrue(node.chain().startupNote(), node.chain().startupNote().contains("rebuilt"));
            assertEquals(123, node.account(bob.account()).balance());
            assertArrayEquals(commitment, node.chain().stateCommitment());
            assertTrue(node.verify().ok());
        }
        try (StorageEngine store = StoredChains.open(dir)) {
            ChainNode node = TestChain.node(store, clock);
            assertTrue("the rebuilt state was stored", node.chain().startupNote().contains("state matches"));
        }
    }
}
