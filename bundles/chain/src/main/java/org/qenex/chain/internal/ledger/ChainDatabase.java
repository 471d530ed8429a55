package org.qenex.chain.internal.ledger;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.qenex.api.storage.Batch;
import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.KeyValue;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.Store;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.block.BlockCodec;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.state.Account;
import org.qenex.chain.internal.state.AccountRecords;
import org.qenex.chain.internal.state.AccountTree;
import org.qenex.chain.internal.state.BlockUndo;
import org.qenex.chain.internal.state.ModelLink;
import org.qenex.chain.internal.state.StateChanges;
import org.qenex.chain.internal.state.TreeNode;
import org.qenex.chain.internal.state.TreePage;
import org.qenex.chain.internal.state.TreeNodes;
import org.qenex.chain.internal.state.TreePosition;
import org.qenex.chain.internal.tx.Transaction;

/**
 * The chain in the node's {@link Store}. Every change of the head is one atomic batch: the block,
 * its height entry, its transactions' index entries, its undo record, the changed accounts,
 * children, minted supply, rewarded proofs and the head pointer. So after a crash the stored
 * state always belongs to the stored head. A disconnect's batch stores the block's transactions in
 * {@code chain.mempool} again, so a transaction acknowledged as pending is, after a crash, in the
 * mempool or in a block. A connect's batch does not delete them from there: the mempool's
 * {@code DurablePool} does, with its later groups (a block's 5,000 deletes made its batch, which
 * every admission queues behind in the store's journal, nearly twice as long), and the reload at
 * start drops those a crash left behind, found in {@code chain.txs}.
 *
 * <pre>
 * chain.blocks    block hash (32)            -> block bytes (main chain and side branches)
 * chain.heights   height (Codecs.LONG)       -> block hash, main chain only
 * chain.undo      block hash                 -> {@link BlockUndo} bytes
 * chain.txs       transaction id (32)        -> block hash (32) | index in block (u32) | block height (u64) | offset of the
 *                                               transaction's bytes in the block's (u32); older entries end after the index
 * chain.accounts  account id (20)            -> {@link Account} record (empty accounts absent)
 * chain.tree.pages {@link TreePosition} bytes of a page's root -> {@link TreePage} bytes: the accounts' sparse Merkle tree
 *                                               at the head, four levels to a record (until form 2: chain.tree, one node to a record)
 * chain.children  parent id (20) | child id  -> empty
 * chain.proofs    proof id (hex)             -> hash of the block that rewarded it
 * chain.versions  version hash (hex)         -> parent hash (32) | prediction fingerprint (32): rewarded model versions
 * chain.mempool   transaction id (32)        -> transaction bytes, admitted and not in a main-chain block
 * chain.meta      "head"                     -> head block hash
 *                 "minted"                   -> minted units (u64)
 *                 "tip"                      -> the model tip (32), absent before the first reward
 *                 "target"                   -> the tip a multi-batch reorganisation is heading to
 *                 "tree"                     -> the stored form of the tree (u8, {@link #TREE_FORM}); absent: an older one
 * </pre>
 */
public final class ChainDatabase {

    private static final String HEAD = "head";
    private static final String MINTED = "minted";
    private static final String TARGET = "target";
    private static final String TIP = "tip";
    private static final String TREE = "tree";
    private static final String TREE_PAGES = "chain.tree.pages";
    /**
     * The stored form of the tree (not consensus: the hashes are the same in each): 3 pages of four
     * levels in chain.tree.pages; 2 one node to a record in chain.tree, internal nodes holding their
     * children's hashes (migrated at start, {@link TreePageMigration}); before: the node's own hash.
     */
    static final byte TREE_FORM = 3;
    static final byte NODE_FORM = 2;
    private static final int PAGE = 4_096;
    // up to about 3 KB each (15 nodes), most below the upper levels far fewer: the upper 16 levels of the tree whole
    // (4,369 pages), the rest for the pages of recent blocks' paths (StoredTreeNodes)
    private static final int TREE_CACHE_PAGES = 40_000;
    // about 200 bytes each: the accounts of recent blocks (the state reads every other from the store)
    private static final int ACCOUNT_CACHE = 100_000;

    private final Store store;
    private final Namespace<byte[], byte[]> blocks;
    private final Namespace<Long, byte[]> heights;
    private final Namespace<byte[], byte[]> undo;
    private final Namespace<byte[], byte[]> txs;
    private final Namespace<byte[], byte[]> accounts;
    private final Namespace<byte[], byte[]> children;
    private final Namespace<String, byte[]> proofs;
    private final Namespace<String, byte[]> versions;
    private final Namespace<String, byte[]> meta;
    private final Namespace<byte[], byte[]> mempool;
    private final Namespace<byte[], byte[]> tree;
    private final StoredTreeNodes treeNodes;
    private final StoredAccounts storedAccounts;

    public ChainDatabase(Store store) {
        this(store, TREE_CACHE_PAGES, ACCOUNT_CACHE);
    }

    /** With other cache sizes (tests run with tiny ones, so that nearly every read goes to the store). */
    public ChainDatabase(Store store, int treeCachePages, int accountCache) {
        this.store = store;
        this.blocks = store.namespace("chain.blocks", Codecs.BYTES, Codecs.BYTES);
        this.heights = store.namespace("chain.heights", Codecs.LONG, Codecs.BYTES);
        this.undo = store.namespace("chain.undo", Codecs.BYTES, Codecs.BYTES);
        this.txs = store.namespace("chain.txs", Codecs.BYTES, Codecs.BYTES);
        this.accounts = store.namespace("chain.accounts", Codecs.BYTES, Codecs.BYTES);
        this.children = store.namespace("chain.children", Codecs.BYTES, Codecs.BYTES);
        this.proofs = store.namespace("chain.proofs", Codecs.STRING, Codecs.BYTES);
        this.versions = store.namespace("chain.versions", Codecs.STRING, Codecs.BYTES);
        this.meta = store.namespace("chain.meta", Codecs.STRING, Codecs.BYTES);
        this.mempool = store.namespace("chain.mempool", Codecs.BYTES, Codecs.BYTES);
        this.tree = store.namespace(TREE_PAGES, Codecs.BYTES, Codecs.BYTES);
        this.treeNodes = new StoredTreeNodes(tree, treeCachePages);
        this.storedAccounts = new StoredAccounts(accounts, this, accountCache);
    }

    /** The admitted transactions not yet in a block (written by the mempool's {@code DurablePool}). */
    public Namespace<byte[], byte[]> mempool() {
        return mempool;
    }

    /** The stored account tree's nodes, for the head's state. */
    public TreeNodes treeNodes() {
        return treeNodes;
    }

    /** The stored accounts, for the head's state. */
    public AccountRecords accountRecords() {
        return storedAccounts;
    }

    public Optional<byte[]> headHash() {
        return meta.get(HEAD);
    }

    /** The stored form of the tree ({@link #TREE_FORM} the one this version reads, {@link #NODE_FORM} migrated); 0: older. */
    public int treeForm() {
        return meta.get(TREE).filter(b -> b.length == 1).map(b -> (int) b[0]).orElse(0);
    }

    /**
     * Rewrites a tree of {@link #NODE_FORM} into pages, in several batches; the last marks the
     * tree {@link #TREE_FORM}, so an interrupted migration runs again from the start.
     *
     * @return what was done, for the startup note
     */
    String migrateTreeToPages() {
        TreePageMigration.Result result = new TreePageMigration(store, tree).run(batch -> batch.put(meta, TREE, new byte[] {TREE_FORM}));
        treeNodes.forget();
        dropNodeFormTree();
        return result.nodes() + " tree nodes into " + result.pages() + " pages";
    }

    /** Drops the tree of {@link #NODE_FORM} once the pages hold it (a crash may have come between the two). */
    void dropNodeFormTree() {
        if (!store.namespaces().contains(TreePageMigration.NODE_FORM_NAMESPACE)) {
            return;
        }
        try {
            store.drop(TreePageMigration.NODE_FORM_NAMESPACE);
        } catch (UnsupportedOperationException e) {
            // a store that cannot drop (the storage engine itself, as tests and benchmarks open it): emptied instead
            Namespace<byte[], byte[]> old = store.namespace(TreePageMigration.NODE_FORM_NAMESPACE, Codecs.BYTES, Codecs.BYTES);
            ChunkedBatches batches = new ChunkedBatches(store);
            while (true) {
                List<KeyValue<byte[], byte[]>> page = old.range(null, null, PAGE);
                page.forEach(kv -> batches.next().delete(old, kv.key()));
                batches.commit();
                if (page.size() < PAGE) {
                    return;
                }
            }
        }
    }

    public Optional<byte[]> target() {
        return meta.get(TARGET);
    }

    public long minted() {
        return meta.get(MINTED).map(b -> ByteBuffer.wrap(b).getLong()).orElse(0L);
    }

    public String modelTip() {
        return meta.get(TIP).map(b -> HexFormat.of().formatHex(b)).orElse(ModelLink.GENESIS_VERSION);
    }

    public void forEachRewardedVersion(Consumer<ModelLink> action) {
        String from = null;
        while (true) {
            List<KeyValue<String, byte[]>> page = versions.range(from, null, PAGE);
            page.forEach(kv -> action.accept(ModelLink.decode(kv.key(), kv.value())));
            if (page.size() < PAGE) {
                return;
            }
            from = page.get(page.size() - 1).key() + "\0";
        }
    }

    public Optional<byte[]> block(byte[] hash) {
        return blocks.get(hash);
    }

    public boolean hasBlock(byte[] hash) {
        return blocks.contains(hash);
    }

    public Optional<byte[]> hashAt(long height) {
        return heights.get(height);
    }

    public Optional<BlockUndo> undo(byte[] hash) {
        return undo.get(hash).map(BlockUndo::decode);
    }

    /** Where a transaction was included: block hash and index, if it ever was (check the block is on the main chain). */
    public Optional<byte[]> transactionLocation(byte[] id) {
        return txs.get(id);
    }

    public void forEachAccount(BiConsumer<AccountId, Account> action) {
        byte[] from = null;
        while (true) {
            List<KeyValue<byte[], byte[]>> page = accounts.range(from, null, PAGE);
            for (KeyValue<byte[], byte[]> kv : page) {
                action.accept(AccountId.of(kv.key()), Account.decode(kv.value()));
            }
            if (page.size() < PAGE) {
                return;
            }
            from = successor(page.get(page.size() - 1).key());
        }
    }

    public void forEachRewardedProof(Consumer<String> action) {
        String from = null;
        while (true) {
            List<KeyValue<String, byte[]>> page = proofs.range(from, null, PAGE);
            page.forEach(kv -> action.accept(kv.key()));
            if (page.size() < PAGE) {
                return;
            }
            from = page.get(page.size() - 1).key() + "\0";
        }
    }

    public List<AccountId> children(AccountId parent, int limit) {
        List<AccountId> result = new ArrayList<>();
        for (KeyValue<byte[], byte[]> kv : children.prefix(parent.bytes(), limit)) {
            result.add(AccountId.of(Arrays.copyOfRange(kv.key(), AccountId.LENGTH, 2 * AccountId.LENGTH)));
        }
        return result;
    }

    /** Stores a block that is not (yet) on the main chain. */
    public void storeSideBlock(Block block) {
        if (!blocks.contains(block.hash())) {
            blocks.put(block.hash(), block.encoded());
        }
    }

    /** Stores the genesis block as the head of an empty chain. */
    public void initialise(Block genesis) {
        store.batch().put(blocks, genesis.hash(), genesis.encoded()).put(heights, 0L, genesis.hash())
                .put(meta, MINTED, longBytes(0)).put(meta, TREE, new byte[] {TREE_FORM}).put(meta, HEAD, genesis.hash()).commit();
    }

    /**
     * Makes {@code block} the new head: one atomic batch. {@code blockStored}: its bytes are in
     * {@code chain.blocks} already (a side branch's block a reorganisation connects); otherwise they
     * are put (again, if it was stored after all: the same bytes). Not looked up here: a store read
     * waits until every durable batch is applied to the index, and under load the apply lags by
     * seconds (JFR: a producer waited 5 s in this look-up at a load average of 45).
     */
    public void commitConnect(Block block, StateChanges changes, AccountTree.Update treeUpdate, BlockUndo blockUndo,
            byte[] targetOrNull, boolean clearTarget, boolean blockStored) {
        Batch batch = store.batch();
        if (!blockStored) {
            batch.put(blocks, block.hash(), block.encoded());
        }
        batch.put(heights, block.height(), block.hash());
        List<Transaction> list = block.transactions();
        int[] offsets = BlockCodec.transactionOffsets(block);
        for (int i = 0; i < list.size(); i++) {
            batch.put(txs, list.get(i).id(),
                    ByteBuffer.allocate(48).put(block.hash()).putInt(i).putLong(block.height()).putInt(offsets[i]).array());
        }
        batch.put(undo, block.hash(), blockUndo.encode());
        for (String proof : changes.addedProofs()) {
            batch.put(proofs, proof, block.hash());
        }
        for (ModelLink link : changes.addedVersions().values()) {
            batch.put(versions, link.versionHash(), link.encodeValue());
        }
        StoredTreeNodes.PageWrites pages = writeState(batch, changes, treeUpdate);
        writeTarget(batch, targetOrNull, clearTarget);
        commit(batch.put(meta, HEAD, block.hash()), changes, pages);
    }

    /** Takes {@code block} off the head, making its parent the head: one atomic batch. */
    public void commitDisconnect(Block block, StateChanges changes, AccountTree.Update treeUpdate, byte[] targetOrNull) {
        Batch batch = store.batch();
        batch.delete(heights, block.height());
        for (Transaction tx : block.transactions()) {
            batch.put(mempool, tx.id(), tx.encoded());
        }
        for (String proof : changes.removedProofs()) {
            batch.delete(proofs, proof);
        }
        for (String version : changes.removedVersions().keySet()) {
            batch.delete(versions, version);
        }
        StoredTreeNodes.PageWrites pages = writeState(batch, changes, treeUpdate);
        writeTarget(batch, targetOrNull, false);
        commit(batch.put(meta, HEAD, block.header().previousHash()), changes, pages);
    }

    /** Replaces the stored state with {@code accounts}, {@code minted}, {@code rewarded} and the model chain (after a rebuild). */
    public void replaceState(Map<AccountId, Account> all, Map<TreePosition, TreeNode> treeNodesOfAll, long minted,
            List<String> rewarded, List<ModelLink> rewardedVersions, String tip) {
        List<byte[]> stale = new ArrayList<>();
        forEachAccount((id, a) -> {
            if (!all.containsKey(id)) {
                stale.add(id.bytes());
            }
        });
        List<byte[]> staleChildren = new ArrayList<>();
        byte[] from = null;
        while (true) {
            List<KeyValue<byte[], byte[]>> page = children.range(from, null, PAGE);
            page.forEach(kv -> staleChildren.add(kv.key()));
            if (page.size() < PAGE) {
                break;
            }
            from = successor(page.get(page.size() - 1).key());
        }
        Map<TreePosition, TreePage> pagesOfAll = TreePage.paged(treeNodesOfAll);
        List<byte[]> stalePages = new ArrayList<>();
        from = null;
        while (true) {
            List<KeyValue<byte[], byte[]>> page = tree.range(from, null, PAGE);
            page.stream().filter(kv -> !pagesOfAll.containsKey(TreePosition.decode(kv.key())))
                    .forEach(kv -> stalePages.add(kv.key()));
            if (page.size() < PAGE) {
                break;
            }
            from = successor(page.get(page.size() - 1).key());
        }
        List<String> staleProofs = new ArrayList<>();
        forEachRewardedProof(staleProofs::add);
        List<String> staleVersions = new ArrayList<>();
        forEachRewardedVersion(link -> staleVersions.add(link.versionHash()));
        ChunkedBatches chunked = new ChunkedBatches(store);
        stale.forEach(id -> chunked.next().delete(accounts, id));
        staleChildren.forEach(key -> chunked.next().delete(children, key));
        stalePages.forEach(key -> chunked.next().delete(tree, key));
        staleProofs.forEach(p -> chunked.next().delete(proofs, p));
        staleVersions.forEach(v -> chunked.next().delete(versions, v));
        all.forEach((id, a) -> {
            chunked.next().put(accounts, id.bytes(), a.encode());
            if (a.parent() != null) {
                chunked.next().put(children, childKey(a.parent(), id), new byte[0]);
            }
        });
        pagesOfAll.forEach((root, page) -> chunked.next().put(tree, root.encode(), page.encode()));
        rewarded.forEach(p -> chunked.next().put(proofs, p, new byte[0]));
        rewardedVersions.forEach(v -> chunked.next().put(versions, v.versionHash(), v.encodeValue()));
        chunked.next().put(meta, TIP, HexFormat.of().parseHex(tip));
        chunked.next().put(meta, MINTED, longBytes(minted));
        chunked.next().put(meta, TREE, new byte[] {TREE_FORM});
        chunked.commit();
        treeNodes.forget();
        storedAccounts.forget();
        dropNodeFormTree();
    }

    /** Commits a batch that changes the state; readers see the old accounts and tree until the state applies it. */
    private void commit(Batch batch, StateChanges changes, StoredTreeNodes.PageWrites pages) {
        treeNodes.pin(pages);
        storedAccounts.pin(changes.accounts().keySet());
        try {
            batch.commit();
        } catch (RuntimeException e) {
            treeNodes.unpin();
            storedAccounts.unpin();
            throw e;
        }
    }

    /** Adds the state's changes to {@code batch}: the tree's pages are rewritten whole, each once. */
    private StoredTreeNodes.PageWrites writeState(Batch batch, StateChanges changes, AccountTree.Update treeUpdate) {
        StoredTreeNodes.PageWrites pages = treeNodes.pages(treeUpdate.writes());
        pages.after().forEach((root, page) -> {
            if (page == null) {
                batch.delete(tree, root.encode());
            } else {
                batch.put(tree, root.encode(), page.encode());
            }
        });
        for (Map.Entry<AccountId, Account> e : changes.accounts().entrySet()) {
            AccountId id = e.getKey();
            Account now = e.getValue();
            if (now.isEmpty()) {
                batch.delete(accounts, id.bytes());
            } else {
                batch.put(accounts, id.bytes(), now.encode());
            }
            AccountId before = changes.previousAccounts().get(id).parent();
            if (before != null && !before.equals(now.parent())) {
                batch.delete(children, childKey(before, id));
            }
            if (now.parent() != null && !now.parent().equals(before)) {
                batch.put(children, childKey(now.parent(), id), new byte[0]);
            }
        }
        batch.put(meta, MINTED, longBytes(changes.minted()));
        batch.put(meta, TIP, HexFormat.of().parseHex(changes.modelTip()));
        return pages;
    }

    private void writeTarget(Batch batch, byte[] target, boolean clear) {
        if (target != null) {
            batch.put(meta, TARGET, target);
        } else if (clear) {
            batch.delete(meta, TARGET);
        }
    }

    private static byte[] childKey(AccountId parent, AccountId child) {
        return ByteBuffer.allocate(2 * AccountId.LENGTH).put(parent.bytes()).put(child.bytes()).array();
    }

    private static byte[] longBytes(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    private static byte[] successor(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }
}
