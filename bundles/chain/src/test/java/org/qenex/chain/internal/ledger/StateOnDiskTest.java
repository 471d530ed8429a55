package org.qenex.chain.internal.ledger;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.KeyValue;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.Store;
import org.qenex.api.storage.StoreUnavailableException;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.StoredChains;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.consensus.BlockRules;
import org.qenex.chain.internal.consensus.SignatureCache;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.state.Account;
import org.qenex.chain.internal.state.DocProofChecker;
import org.qenex.chain.internal.state.TreeNode;
import org.qenex.chain.internal.state.TreePage;
import org.qenex.chain.internal.state.TreePosition;
import org.qenex.chain.internal.tx.TransactionCodec;
import org.qenex.storage.internal.StorageEngine;

/**
 * The head's accounts and tree in the store with caches of four entries, so nearly every read goes
 * to the store: imports, a reorganisation and a restart give the same state as a node in the
 * default configuration; the restart checks the stored tree's root, and {@code verify} finds an
 * account changed behind the chain's back. A store whose tree an older version wrote is rewritten
 * at start: by replaying the blocks for the first form, by regrouping its nodes into pages for the
 * form before the pages (one record per node), also after such a migration was interrupted.
 */
public class StateOnDiskTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final TestChain.Clock clock = new TestChain.Clock();
    private final KeyPair alice = TestChain.key(10);

    private Blockchain tiny(Store store) {
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

    /** A chain of three blocks on {@code store} (tiny caches), the same as {@code a}'s. */
    private void threeBlocks(ChainNode a, Store store, int tag) throws Exception {
        Blockchain chain = tiny(store);
        chain.importBlock(a.produceBlock(List.of(TestChain.proof(alice, 10_000, "form" + tag))));
        for (Block block : payments(a, 2, 300)) {
            chain.importBlock(block);
        }
    }

    private static Namespace<byte[], byte[]> pages(Store store) {
        return store.namespace("chain.tree.pages", Codecs.BYTES, Codecs.BYTES);
    }

    private static Map<String, String> contents(Namespace<byte[], byte[]> namespace) {
        Map<String, String> all = new TreeMap<>();
        namespace.range(null, null, 100_000).forEach(kv -> all.put(HexFormat.of().formatHex(kv.key()), HexFormat.of().formatHex(kv.value())));
        return all;
    }

    /**
     * Rewrites the store's tree as a version before the pages left it: one record per node in
     * {@code chain.tree}, internal nodes as {@code internal} encodes them; no pages.
     */
    private static void oneRecordPerNode(Store store, Function<TreeNode, byte[]> internal) {
        Namespace<byte[], byte[]> tree = store.namespace("chain.tree", Codecs.BYTES, Codecs.BYTES);
        for (KeyValue<byte[], byte[]> kv : pages(store).range(null, null, 100_000)) {
            TreePage.decode(TreePosition.decode(kv.key()), kv.value())
                    .forEach((position, node) -> tree.put(position.encode(), node.isLeaf() ? node.encode() : internal.apply(node)));
            pages(store).delete(kv.key());
        }
    }

    private void assertProofAndRestart(ChainNode a, Store store, Blockchain reopened) {
        assertArrayEquals(a.chain().stateCommitment(), reopened.stateCommitment());
        KeyPair paid = TestChain.key(301);
        AccountProof proof = reopened.accountProof(paid.account());
        assertTrue(DocProofChecker.includes(proof.commitment().accountsRoot(), paid.account().bytes(), proof.account().encode(),
                proof.siblings()));
        // the node's store drops it; the engine opened alone (no bundle) cannot drop, and empties it
        assertTrue("the old tree is dropped", !store.namespaces().contains("chain.tree")
                || store.namespace("chain.tree", Codecs.BYTES, Codecs.BYTES).count() == 0);
        assertEquals("head 3, state matches its commitment", tiny(store).startupNote());
    }

    @Test
    public void aStoreWithTheFirstTreeFormIsRewrittenByReplayingAtStart() throws Exception {
        ChainNode a = TestChain.node(new MemoryStore(), clock);
        MemoryStore store = new MemoryStore();
        threeBlocks(a, store, 1);
        // what the first version left: internal nodes of the first form (0x01 || own hash), no "tree" marker
        oneRecordPerNode(store, node -> {
            byte[] old = new byte[33];
            old[0] = 1;
            System.arraycopy(node.hash(), 0, old, 1, 32);
            return old;
        });
        store.namespace("chain.meta", Codecs.STRING, Codecs.BYTES).delete("tree");

        Blockchain reopened = tiny(store);
        assertEquals("head 3: the stored account tree was in an older form; rewrote it by replaying 3 blocks",
                reopened.startupNote());
        assertProofAndRestart(a, store, reopened);
    }

    @Test
    public void aStoreWithOneRecordPerNodeIsMigratedToPagesAtStartEvenAfterAnInterruptedMigration() throws Exception {
        ChainNode a = TestChain.node(new MemoryStore(), clock);
        MemoryStore store = new MemoryStore();
        threeBlocks(a, store, 2);
        Map<String, String> pagesTheChainWrote = contents(pages(store));
        // what the version before the pages left (form 2: internal nodes hold their children's hashes)
        oneRecordPerNode(store, TreeNode::encode);
        store.namespace("chain.meta", Codecs.STRING, Codecs.BYTES).put("tree", new byte[] {ChainDatabase.NODE_FORM});
        // and what a migration killed part way leaves: some pages, one of them from no tree at all
        Map.Entry<String, String> some = pagesTheChainWrote.entrySet().iterator().next();
        pages(store).put(HexFormat.of().parseHex(some.getKey()), HexFormat.of().parseHex(some.getValue()));
        byte[] stray = TreePosition.of(40, new byte[32]).encode();
        pages(store).put(stray, HexFormat.of().parseHex(some.getValue()));

        // the batch of pages that marks the tree migrated fails: the old tree stays the tree
        store.failCommitAt = 1;
        try {
            tiny(store);
            fail("the migration's last batch failed");
        } catch (StoreUnavailableException expected) {
            assertEquals(ChainDatabase.NODE_FORM, new ChainDatabase(store).treeForm());
        }

        Blockchain reopened = tiny(store);
        assertTrue(reopened.startupNote(), reopened.startupNote().matches("head 3: the stored account tree was one record per node;"
                + " rewrote its \\d+ tree nodes into " + pagesTheChainWrote.size() + " pages in \\d+ ms; state matches its commitment"));
        assertEquals("the pages the chain writes itself, byte for byte", pagesTheChainWrote, contents(pages(store)));
        assertProofAndRestart(a, store, reopened);
    }

    @Test
    public void aStoreWithOneRecordPerNodeOnTheRealEngineIsMigratedToPages() throws Exception {
        ChainNode a = TestChain.node(new MemoryStore(), clock);
        try (StorageEngine store = StoredChains.open(folder.newFolder("engine").toPath())) {
            threeBlocks(a, store, 3);
            Map<String, String> pagesTheChainWrote = contents(pages(store));
            oneRecordPerNode(store, TreeNode::encode);
            store.namespace("chain.meta", Codecs.STRING, Codecs.BYTES).put("tree", new byte[] {ChainDatabase.NODE_FORM});

            Blockchain reopened = tiny(store);
            assertTrue(reopened.startupNote(), reopened.startupNote().contains("rewrote its"));
            assertEquals(pagesTheChainWrote, contents(pages(store)));
            assertProofAndRestart(a, store, reopened);
        }
    }
}
