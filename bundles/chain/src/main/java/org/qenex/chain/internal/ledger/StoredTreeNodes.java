package org.qenex.chain.internal.ledger;

import java.util.Map;

import org.qenex.api.storage.Namespace;
import org.qenex.chain.internal.state.TreeNode;
import org.qenex.chain.internal.state.TreeNodes;
import org.qenex.chain.internal.state.TreePosition;

/**
 * The account tree's nodes in {@code chain.tree}, behind a {@link HeadCache}: the chain's batches
 * write the nodes with the block that changed them, and pin the old ones until the state applies
 * the update. Readers (proofs) and the writer (preparing the next block) read at once.
 */
final class StoredTreeNodes implements TreeNodes {

    private final Namespace<byte[], byte[]> namespace;
    private final HeadCache<TreePosition, TreeNode> cache;

    StoredTreeNodes(Namespace<byte[], byte[]> namespace, int cacheSize) {
        this.namespace = namespace;
        this.cache = new HeadCache<>(cacheSize);
    }

    @Override
    public TreeNode get(TreePosition position) {
        return cache.get(position, this::load);
    }

    private TreeNode load(TreePosition position) {
        return namespace.get(position.encode()).map(TreeNode::decode).orElse(null);
    }

    void pin(Map<TreePosition, TreeNode> writes) {
        cache.pin(writes.keySet(), this::load);
    }

    void unpin() {
        cache.unpin();
    }

    @Override
    public void apply(Map<TreePosition, TreeNode> writes) {
        cache.apply(writes);
    }

    /** Forgets the cache (after the stored tree was rewritten). */
    void forget() {
        cache.clear();
    }
}
