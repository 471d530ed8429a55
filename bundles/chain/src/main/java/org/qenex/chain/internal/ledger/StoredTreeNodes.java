package org.qenex.chain.internal.ledger;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.qenex.api.storage.Namespace;
import org.qenex.chain.internal.state.TreeNode;
import org.qenex.chain.internal.state.TreePosition;
import org.qenex.chain.internal.state.TreeNodes;

/**
 * The account tree's nodes in {@code chain.tree}, behind a bounded least-recently-used cache. The
 * chain's batches write the nodes (with the block that changed them); {@link #apply} then brings
 * the cache up to date. Absent nodes are cached too: most reads near the leaves find nothing.
 * Thread-safe: readers (proofs) and the writer (preparing the next block) read at once. Between
 * a batch's commit and {@link #apply}, the positions it wrote are pinned to their old nodes, so
 * readers keep seeing the tree of the head they were shown.
 */
final class StoredTreeNodes implements TreeNodes {

    private static final TreeNode ABSENT = new TreeNode(new byte[0], null);

    private final Namespace<byte[], byte[]> namespace;
    private final Map<TreePosition, TreeNode> cache;
    private final Map<TreePosition, TreeNode> pinned = new HashMap<>();

    StoredTreeNodes(Namespace<byte[], byte[]> namespace, int cacheSize) {
        this.namespace = namespace;
        this.cache = new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<TreePosition, TreeNode> eldest) {
                return size() > cacheSize;
            }
        };
    }

    @Override
    public TreeNode get(TreePosition position) {
        TreeNode cached;
        synchronized (cache) {
            cached = pinned.get(position);
            if (cached == null) {
                cached = cache.get(position);
            }
        }
        if (cached == null) {
            cached = namespace.get(position.encode()).map(TreeNode::decode).orElse(ABSENT);
            synchronized (cache) {
                cache.put(position, cached);
            }
        }
        return cached == ABSENT ? null : cached;
    }

    /** Keeps the nodes at the positions an update is about to overwrite in the store as they are now. */
    void pin(Map<TreePosition, TreeNode> writes) {
        Map<TreePosition, TreeNode> old = new HashMap<>();
        for (TreePosition position : writes.keySet()) {
            TreeNode node = get(position);
            old.put(position, node == null ? ABSENT : node);
        }
        synchronized (cache) {
            pinned.putAll(old);
        }
    }

    /** Drops the pins (a batch that failed: the store still holds the pinned nodes). */
    void unpin() {
        synchronized (cache) {
            pinned.clear();
        }
    }

    @Override
    public void apply(Map<TreePosition, TreeNode> writes) {
        synchronized (cache) {
            pinned.clear();
            writes.forEach((position, node) -> cache.put(position, node == null ? ABSENT : node));
        }
    }

    /** Forgets the cache (after the stored tree was rewritten). */
    void forget() {
        synchronized (cache) {
            pinned.clear();
            cache.clear();
        }
    }
}
