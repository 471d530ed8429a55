package org.qenex.chain.internal.state;

import java.util.Map;

/**
 * Where the nodes of an {@link AccountTree} live: in memory (tests, replays) or in the node's
 * store behind a bounded cache. The tree reads through it and hands it each update once the
 * update is durable.
 */
public interface TreeNodes {

    /** The node at {@code position}, or {@code null} when the subtree there is empty. */
    TreeNode get(TreePosition position);

    /** Makes an update's node writes ({@code null}: delete) visible to later reads. */
    void apply(Map<TreePosition, TreeNode> writes);
}
