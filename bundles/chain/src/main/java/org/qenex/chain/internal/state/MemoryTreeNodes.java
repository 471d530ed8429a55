package org.qenex.chain.internal.state;

import java.util.HashMap;
import java.util.Map;

/** Tree nodes in a map: for states that are never stored (replays, verification, tests). */
public final class MemoryTreeNodes implements TreeNodes {

    private final Map<TreePosition, TreeNode> nodes = new HashMap<>();

    @Override
    public TreeNode get(TreePosition position) {
        return nodes.get(position);
    }

    @Override
    public void apply(Map<TreePosition, TreeNode> writes) {
        writes.forEach((position, node) -> {
            if (node == null) {
                nodes.remove(position);
            } else {
                nodes.put(position, node);
            }
        });
    }

    /** Every node, for writing a rebuilt tree to the store. */
    public Map<TreePosition, TreeNode> all() {
        return Map.copyOf(nodes);
    }

    public int size() {
        return nodes.size();
    }
}
