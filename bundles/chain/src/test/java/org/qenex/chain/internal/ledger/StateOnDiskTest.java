package org.qenex.chain.internal.ledger;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.KeyValue;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.consensus.BlockRules;
import org.qenex.chain.internal.consensus.SignatureCache;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.state.Account;
import org.qenex.chain.internal.state.DocProofChecker;
import org.qenex.chain.internal.state.TreeNode;
import org.qenex.chain.internal.tx.TransactionCodec;

/**
 * The head's accounts and tree in the store with caches of four entries, so nearly every read goes
 * to the store: imports, a reorganisation and a restart give the same state as a node in the
 * default configuration; the restart checks the stored tree's root, and {@code verify} finds an
 * account changed behind the chain's back. A store whose tree an older version wrote is rewritten
 * at start.
 */
public class StateOnDiskTest {

    private final TestChain.Clock clock = new TestChain.Clock();
    private final KeyPair alice = TestChain.key(10);

    private Blockchain tiny(MemoryStore store) {
        Blockchain chain = new Blockchain(TestChain.params(), new ChainDatabase(store, 4, 4),
                new BlockRules(TestChain.params(), new SignatureCache(1_000)), TestChain.VERIFIER, () -> clock.now() + 3_600_000);
        chain.open();
        return chain;
    }

    /** {@code count} blocks on {@code node}, each paying 30 fresh accounts (seeds from {@code from}). */
    private List<Block> payments(ChainNode node, int count, int from) throws Exception {
        List<Block> blocks = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            long nonce = node.account(alice.account()).nonce();
            for (int i = 0; i < 30; i++) {
                KeyPair to = TestChain.key(from + b * 30 + i);
                node.submit(TransactionCodec.transfer(TestChain.CHAIN_ID, alice, to.account(), 1_000 + i, 1_000, nonce++)
                        .encoded());
            }
            blocks.add(node.produceBlock(List.of()));
        }
        return blocks;
    }

    @Test
    public void tinyCachesImportReorganiseAndRestartToTheSameState() throws Exception {
        ChainNode a = TestChain.node(new MemoryStore(), clock);
        ChainNode b = TestChain.node(new MemoryStore(), clock);
        MemoryStore store = new MemoryStore();
        Blockchain chain = tiny(store);

        Block common = a.produceBlock(List.of(TestChain.proof(alice, 10_000, "disk")));
        b.importBlock(common.encoded());
        chain.importBlock(common);
        for (Block block : payments(a, 3, 20)) {
            assertEquals(ImportOutcome.EXTENDED, chain.importBlock(block));
        }
        assertArrayEquals(a.chain().stateCommitment(), chain.stateCommitment());

        // b's branch is longer and pays other accounts: the stored state is undone and redone
        for (Block block : payments(b, 5, 120)) {
            chain.importBlock(block);
        }
        assertArrayEquals(b.head().hash(), chain.head().hash());
        assertArrayEquals(b.chain().stateCommitment(), chain.stateCommitment());
        assertEquals(b.chain().accounts(), chain.accounts());
        assertEquals(chain.minted(), chain.totalBalance());
        assertTrue(chain.verify().detail(), chain.verify().ok());

        Blockchain reopened = tiny(store);
        assertEquals("head 6, state matches its commitment", reopened.startupNote());
        assertEquals(b.chain().accounts(), reopened.accounts());
        KeyPair paid = TestChain.key(125);
        assertEquals(1_005, reopened.account(paid.account()).balance());
        assertEquals("paid on the branch that was undone", 0, reopened.account(TestChain.key(25).account()).balance());
        AccountProof proof = reopened.accountProof(paid.account());
        assertTrue(DocProofChecker.includes(proof.commitment().accountsRoot(), paid.account().bytes(), proof.account().encode(),
                proof.siblings()));
        assertArrayEquals(proof.block().header().stateCommitment(), proof.commitment().hash());

        // an account record changed behind the chain's back: the start checks only the root, verify replays and compares
        store.namespace("chain.accounts", Codecs.BYTES, Codecs.BYTES).put(paid.account().bytes(),
                new Account(1_000_000, 0, null).encode());
        VerifyReport report = tiny(store).verify();
        assertFalse(report.ok());
        assertTrue(report.detail(), report.detail().contains("stored accounts differ"));
    }

    @Test
    public void aStoreWithTheOlderTreeFormIsRewrittenAtStart() throws Exception {
        ChainNode a = TestChain.node(new MemoryStore(), clock);
        MemoryStore store = new MemoryStore();
        Blockchain chain = tiny(store);
        chain.importBlock(a.produceBlock(List.of(TestChain.proof(alice, 10_000, "form"))));
        for (Block block : payments(a, 2, 300)) {
            chain.importBlock(block);
        }
        // what an older version left: internal nodes of the first form (0x01 || own hash), no "tree" marker
        Namespace<byte[], byte[]> tree = store.namespace("chain.tree", Codecs.BYTES, Codecs.BYTES);
        for (KeyValue<byte[], byte[]> kv : tree.range(null, null, 10_000)) {
            if (kv.value()[0] == 2) {
                byte[] old = new byte[33];
                old[0] = 1;
                System.arraycopy(TreeNode.decode(kv.value()).hash(), 0, old, 1, 32);
                tree.put(kv.key(), old);
            }
        }
        store.namespace("chain.meta", Codecs.STRING, Codecs.BYTES).delete("tree");

        Blockchain reopened = tiny(store);
        assertEquals("head 3: the stored account tree was in an older form; rewrote it by replaying 3 blocks",
                reopened.startupNote());
        assertArrayEquals(a.chain().stateCommitment(), reopened.stateCommitment());
        KeyPair paid = TestChain.key(301);
        AccountProof proof = reopened.accountProof(paid.account());
        assertTrue(DocProofChecker.includes(proof.commitment().accountsRoot(), paid.account().bytes(), proof.account().encode(),
                proof.siblings()));
        assertEquals("head 3, state matches its commitment", tiny(store).startupNote());
    }
}
