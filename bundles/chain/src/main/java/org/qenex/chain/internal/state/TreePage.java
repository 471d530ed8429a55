package org.qenex.chain.internal.state;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import org.qenex.chain.internal.crypto.AccountId;

/**
 * Four levels of the {@link AccountTree} under one position whose depth is a multiple of four:
 * the unit in which the tree is stored, as Jellyfish stores a 16-ary internal node over four
 * binary levels (Gao et al., "Jellyfish Merkle Tree", Diem, 2021). Only storage is paged: every
 * node keeps its binary hash (docs/chain-format.md "State commitment"), so a path of a million
 * accounts' tree (about 21 levels) is about 6 records instead of 21, and a block's batch holds
 * about a quarter of the tree records it held.
 *
 * <p>Slots number the 15 positions of the page as a heap: slot 0 is the page's root, the children
 * of slot s are 2s+1 (left) and 2s+2 (right). The nodes at the page's fourth level keep the hashes
 * of their children (in the pages below); the hashes of the levels above are recomputed from the
 * page's own nodes when it is decoded, so they are not stored twice. Immutable.
 */
public final class TreePage {

    /** Binary levels per page. */
    public static final int LEVELS = 4;
    private static final int SLOTS = (1 << LEVELS) - 1;
    private static final int BOTTOM = (1 << (LEVELS - 1)) - 1;
    private static final byte FORM = 3;
    private static final int LEAF_BYTES = AccountId.LENGTH + 32;
    private static final int BOTTOM_INTERNAL_BYTES = 65;

    private final TreePosition root;
    private final TreeNode[] nodes;

    private TreePage(TreePosition root, TreeNode[] nodes) {
        this.root = root;
        this.nodes = nodes;
    }

    /** The position of the page that holds {@code position}. */
    public static TreePosition rootOf(TreePosition position) {
        return position.ancestor(position.depth() - position.depth() % LEVELS);
    }

    /** The page at {@code root} holding nothing. */
    public static TreePage empty(TreePosition root) {
        checkRoot(root);
        return new TreePage(root, new TreeNode[SLOTS]);
    }

    /** Every node of a tree, grouped into its pages. */
    public static Map<TreePosition, TreePage> paged(Map<TreePosition, TreeNode> all) {
        Map<TreePosition, Map<TreePosition, TreeNode>> byPage = new HashMap<>();
        all.forEach((position, node) -> byPage.computeIfAbsent(rootOf(position), r -> new HashMap<>()).put(position, node));
        Map<TreePosition, TreePage> pages = new HashMap<>();
        byPage.forEach((root, nodes) -> pages.put(root, empty(root).with(nodes)));
        return pages;
    }

    public TreePosition root() {
        return root;
    }

    /** The node at {@code position}, which must be in this page; {@code null}: empty. */
    public TreeNode get(TreePosition position) {
        return nodes[slot(position)];
    }

    public boolean isEmpty() {
        return nodes[0] == null;
    }

    /** This page with {@code writes} ({@code null}: delete) made at its positions; writes elsewhere are refused. */
    public TreePage with(Map<TreePosition, TreeNode> writes) {
        TreeNode[] copy = nodes.clone();
        writes.forEach((position, node) -> copy[slot(position)] = node);
        return new TreePage(root, copy);
    }

    /** Calls {@code action} with every node of the page and its position. */
    public void forEach(BiConsumer<TreePosition, TreeNode> action) {
        forEach(0, root, action);
    }

    private void forEach(int slot, TreePosition position, BiConsumer<TreePosition, TreeNode> action) {
        if (slot >= SLOTS || nodes[slot] == null) {
            return;
        }
        action.accept(position, nodes[slot]);
        if (!nodes[slot].isLeaf()) {
            forEach(2 * slot + 1, position.child(0), action);
            forEach(2 * slot + 2, position.child(1), action);
        }
    }

    /**
     * Stored form: 0x03 || u16 slots holding a node || u16 slots holding a leaf (bit s for slot s),
     * then for each node in slot order: a leaf is its account id (20) || leaf hash (32) (its key is
     * SHA-256 of the id); an internal node of the fourth level is flags (bit 0 left is a leaf, bit 1
     * right is a leaf) || left hash (32) || right hash (32); an internal node above that level is
     * nothing (its children are in the page).
     */
    public byte[] encode() {
        int present = 0;
        int leaves = 0;
        int length = 5;
        for (int s = 0; s < SLOTS; s++) {
            TreeNode node = nodes[s];
            if (node != null) {
                present |= 1 << s;
                if (node.isLeaf()) {
                    leaves |= 1 << s;
                    length += LEAF_BYTES;
                } else if (s >= BOTTOM) {
                    length += BOTTOM_INTERNAL_BYTES;
                }
            }
        }
        ByteBuffer out = ByteBuffer.allocate(length).put(FORM).putShort((short) present).putShort((short) leaves);
        for (int s = 0; s < SLOTS; s++) {
            TreeNode node = nodes[s];
            if (node == null) {
                continue;
            }
            if (node.isLeaf()) {
                out.put(node.account().bytes()).put(node.hash());
            } else if (s >= BOTTOM) {
                out.put((byte) ((node.childIsLeaf(0) ? 1 : 0) | (node.childIsLeaf(1) ? 2 : 0))).put(node.child(0)).put(node.child(1));
            }
        }
        return out.array();
    }

    /** The page at {@code root} from its stored form. */
    public static TreePage decode(TreePosition root, byte[] bytes) {
        checkRoot(root);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < 5 || in.get() != FORM) {
            throw new IllegalArgumentException("not a stored tree page");
        }
        int present = in.getShort() & 0xFFFF;
        int leaves = in.getShort() & 0xFFFF;
        if ((present & ~((1 << SLOTS) - 1)) != 0 || (leaves & ~present) != 0) {
            throw new IllegalArgumentException("a stored tree page names slots it cannot have");
        }
        TreeNode[] nodes = new TreeNode[SLOTS];
        boolean[] internal = new boolean[SLOTS];
        try {
            for (int s = 0; s < SLOTS; s++) {
                if ((present & (1 << s)) == 0) {
                    continue;
                }
                if ((leaves & (1 << s)) != 0) {
                    AccountId account = AccountId.of(read(in, AccountId.LENGTH));
                    nodes[s] = TreeNode.leaf(read(in, 32), AccountTree.key(account), account);
                } else if (s >= BOTTOM) {
                    int flags = in.get();
                    if ((flags & ~3) != 0) {
                        throw new IllegalArgumentException("a stored tree page has unknown node flags");
                    }
                    nodes[s] = TreeNode.internal(read(in, 32), (flags & 1) != 0, read(in, 32), (flags & 2) != 0);
                } else {
                    internal[s] = true;
                }
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("a stored tree page ends early", e);
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("a stored tree page has bytes after its nodes");
        }
        // the levels above the fourth, from the bottom up: their children are in this page
        for (int s = BOTTOM - 1; s >= 0; s--) {
            if (internal[s]) {
                TreeNode left = nodes[2 * s + 1];
                TreeNode right = nodes[2 * s + 2];
                nodes[s] = TreeNode.internal(left == null ? AccountTree.EMPTY : left.hash(), left != null && left.isLeaf(),
                        right == null ? AccountTree.EMPTY : right.hash(), right != null && right.isLeaf());
            }
        }
        for (int s = 1; s < SLOTS; s++) {
            TreeNode parent = nodes[(s - 1) / 2];
            if (nodes[s] != null && (parent == null || parent.isLeaf())) {
                throw new IllegalArgumentException("a stored tree page has a node under no internal node");
            }
        }
        return new TreePage(root, nodes);
    }

    private static byte[] read(ByteBuffer in, int length) {
        byte[] b = new byte[length];
        in.get(b);
        return b;
    }

    private int slot(TreePosition position) {
        int level = position.depth() - root.depth();
        if (level < 0 || level >= LEVELS || !position.startsWith(root)) {
            throw new IllegalArgumentException(position + " is not in the page at " + root);
        }
        int bits = 0;
        for (int i = root.depth(); i < position.depth(); i++) {
            bits = bits << 1 | position.bit(i);
        }
        return (1 << level) - 1 + bits;
    }

    private static void checkRoot(TreePosition root) {
        if (root.depth() % LEVELS != 0) {
            throw new IllegalArgumentException("a page starts at a depth that is a multiple of " + LEVELS);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TreePage other && root.equals(other.root) && Arrays.equals(nodes, other.nodes);
    }

    @Override
    public int hashCode() {
        return root.hashCode() * 31 + Arrays.hashCode(nodes);
    }

    @Override
    public String toString() {
        return "TreePage at " + root;
    }
}
