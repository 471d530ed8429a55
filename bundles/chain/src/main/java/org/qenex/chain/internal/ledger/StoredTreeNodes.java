package org.qenex.chain.internal.ledger;

import java.util.HashMap;
import java.util.Map;

import org.qenex.api.storage.Namespace;
import org.qenex.chain.internal.state.AccountTree;
import org.qenex.chain.internal.state.TreeNode;
import org.qenex.chain.internal.state.TreeNodes;
import org.qenex.chain.internal.state.TreePosition;

/**
 * The account tree's nodes in {@code chain.tree}, behind two {@link HeadCache}s: the chain's
 * batches write the nodes with the block that changed them, and pin the old ones until the state
 * applies the update. Readers (proofs) and the writer (preparing the next block) read at once.
 *
 * <p>The upper levels are on every path, so they have a cache of their own that holds all of them
 * and that the paths of one block's thousands of accounts cannot evict: with {@code upperLevels}
 * levels that is at most 2^upperLevels - 1 nodes. The levels below share a least-recently-used
 * cache. A tree of a million accounts is about 21 levels deep, so a changed account's path then
 * costs about five store reads (one per level below the cached ones), whatever the order of the blocks.
 */
final class StoredTreeNodes implements TreeNodes {

    private final Namespace<byte[], byte[]> namespace;
    private final int upperLevels;
    private final HeadCache<TreePosition, TreeNode> upper;
    private final HeadCache<TreePosition, TreeNode> lower;

    /** {@code cacheSize} nodes in all: the upper levels take the largest power of two at most two thirds of it. */
    StoredTreeNodes(Namespace<byte[], byte[]> namespace, int cacheSize) {
        this.namespace = namespace;
        int upperSize = Integer.highestOneBit(Math.max(2, cacheSize / 3 * 2));
        this.upperLevels = Integer.numberOfTrailingZeros(upperSize);
        this.upper = new HeadCache<>(upperSize);
        this.lower = new HeadCache<>(Math.max(1, cacheSize - upperSize));
    }

    /** How many levels, from the root, the upper cache holds whole. */
    int upperLevels() {
        return upperLevels;
    }

    @Override
    public TreeNode get(TreePosition position) {
        return cacheOf(position).get(position, this::load);
    }

    private HeadCache<TreePosition, TreeNode> cacheOf(TreePosition position) {
        return position.depth() < upperLevels ? upper : lower;
    }

    private TreeNode load(TreePosition position) {
        return namespace.get(position.encode()).map(TreeNode::decode).orElse(null);
    }

    /** Pins the positions an update writes to what they held before it (the update knows: nothing is read). */
    void pin(AccountTree.Update update) {
        Map<TreePosition, TreeNode> upperOld = new HashMap<>();
        Map<TreePosition, TreeNode> lowerOld = new HashMap<>();
        update.before().forEach((position, node) -> (cacheOf(position) == upper ? upperOld : lowerOld).put(position, node));
        upper.pinKnown(upperOld);
        lower.pinKnown(lowerOld);
    }

    void unpin() {
        upper.unpin();
        lower.unpin();
    }

    @Override
    public void apply(Map<TreePosition, TreeNode> writes) {
        Map<TreePosition, TreeNode> upperNew = new HashMap<>();
        Map<TreePosition, TreeNode> lowerNew = new HashMap<>();
        writes.forEach((position, node) -> (cacheOf(position) == upper ? upperNew : lowerNew).put(position, node));
        upper.apply(upperNew);
        lower.apply(lowerNew);
    }

    /** Forgets the cache (after the stored tree was rewritten). */
    void forget() {
        upper.clear();
        lower.clear();
    }
}
