package org.qenex.chain.internal.state;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.crypto.Sha256;

/**
 * The accounts root: a sparse Merkle tree over 256-bit keys (key = SHA-256(account id)), in the
 * compact form of Dahlberg, Rhea and Nelson, "Efficient Sparse Merkle Trees" (2016), as Diem's
 * Jellyfish Merkle tree uses it: an empty subtree hashes to 32 zero bytes, and a subtree holding
 * exactly one account is that account's leaf, placed where the account is alone. So the tree is
 * about log2(n) deep, and its shape depends only on the set of keys (not on the order they came
 * in): an update of k accounts reads and rewrites about k * log2(n) nodes. Hashes, as in
 * docs/chain-format.md "State commitment":
 *
 * <pre>
 * leaf     = SHA-256(0x00 || key (32) || account record)
 * internal = SHA-256(0x01 || left (32) || right (32)), left holding the keys whose bit at the depth is 0
 * empty    = 32 zero bytes
 * </pre>
 *
 * Bits are numbered from the most significant bit of the key's first byte. Not thread-safe for
 * writers; {@link #prepare} only reads, so readers may go on while a writer prepares.
 */
public final class AccountTree {

    /** The hash of an empty subtree, and so the root of an empty tree. */
    public static final byte[] EMPTY = new byte[32];

    private static final Comparator<byte[]> UNSIGNED = Arrays::compareUnsigned;

    private final TreeNodes nodes;

    public AccountTree(TreeNodes nodes) {
        this.nodes = nodes;
    }

    /**
     * What an update does to the tree: its root, the nodes it writes ({@code null}: deleted) and
     * what each written position held before ({@code null}: nothing), so a stored tree can keep
     * showing the old nodes until the update is applied without reading them again. Valid only
     * for the tree state it was prepared on.
     */
    public record Update(byte[] root, Map<TreePosition, TreeNode> writes, Map<TreePosition, TreeNode> before) {
    }

    /**
     * An inclusion or exclusion proof for a key: the siblings from the root down (siblings.get(0)
     * is the root's child on the other side), and what the path ends at: the key's own leaf, another
     * key's leaf, or an empty subtree ({@code null}).
     */
    public record Proof(List<byte[]> siblings, TreeNode terminal) {
    }

    public static byte[] key(AccountId id) {
        return Sha256.hash(id.bytes());
    }

    public static byte[] leafHash(byte[] key, byte[] record) {
        MessageDigest digest = Sha256.newDigest();
        digest.update((byte) 0);
        digest.update(key);
        digest.update(record);
        return digest.digest();
    }

    public static byte[] internalHash(byte[] left, byte[] right) {
        MessageDigest digest = Sha256.newDigest();
        digest.update((byte) 1);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    static int bit(byte[] key, int index) {
        return (key[index >>> 3] >>> (7 - (index & 7))) & 1;
    }

    public byte[] root() {
        TreeNode root = nodes.get(TreePosition.ROOT);
        return root == null ? EMPTY.clone() : root.hash();
    }

    /** Makes a prepared update part of the tree (after it was stored, for a stored tree). */
    public void apply(Update update) {
        nodes.apply(update.writes());
    }

    /**
     * The update that sets these accounts ({@link Account#EMPTY}: removes them); reads only. The
     * keys are sorted, so the changes below one internal node are applied together: each node on
     * the paths is read once and rewritten once, however many changed keys pass through it.
     */
    public Update prepare(Map<AccountId, Account> changes) {
        List<Entry> entries = new ArrayList<>(changes.size());
        changes.forEach((id, account) -> {
            byte[] key = key(id);
            entries.add(new Entry(key, account.isEmpty() ? null : leafHash(key, account.encode()), id));
        });
        entries.sort((a, b) -> UNSIGNED.compare(a.key, b.key));
        Map<TreePosition, TreeNode> writes = new HashMap<>();
        Map<TreePosition, TreeNode> before = new HashMap<>();
        if (entries.isEmpty()) {
            return new Update(root(), writes, before);
        }
        TreeNode root = update(0, entries, 0, entries.size(), nodes.get(TreePosition.ROOT), new Writes(writes, before));
        return new Update(root == null ? EMPTY.clone() : root.hash(), writes, before);
    }

    /** The path to {@code key}: see {@link Proof}. One node read per level: the siblings' hashes are in the nodes on the path. */
    public Proof prove(byte[] key) {
        List<byte[]> siblings = new ArrayList<>();
        TreeNode node = nodes.get(TreePosition.ROOT);
        int depth = 0;
        while (node != null && !node.isLeaf()) {
            int b = bit(key, depth);
            siblings.add(node.child(1 - b).clone());
            node = child(node, depth, key, b);
            depth++;
        }
        return new Proof(siblings, node);
    }

    private record Entry(byte[] key, byte[] leaf, AccountId id) {
    }

    /** The update's writes, with the old node at each position written (recorded at the first write). */
    private record Writes(Map<TreePosition, TreeNode> nodes, Map<TreePosition, TreeNode> before) {

        void put(TreePosition position, TreeNode node, TreeNode old) {
            if (!before.containsKey(position)) {
                before.put(position, old);
            }
            nodes.put(position, node);
        }
    }

    /**
     * Applies entries [lo, hi), which all share the position's path, below the position at depth,
     * where {@code existing} is (read by the caller; {@code null}: an empty subtree); returns the new node.
     */
    private TreeNode update(int depth, List<Entry> entries, int lo, int hi, TreeNode existing, Writes writes) {
        byte[] path = entries.get(lo).key;
        TreePosition position = TreePosition.of(depth, path);
        if (existing == null || existing.isLeaf()) {
            // nothing or one leaf below: rebuild this subtree from the explicit set of leaves
            List<Entry> set = new ArrayList<>(hi - lo + 1);
            boolean existingChanged = false;
            for (int i = lo; i < hi; i++) {
                Entry e = entries.get(i);
                if (existing != null && Arrays.equals(e.key, existing.leafKey())) {
                    existingChanged = true;
                }
                if (e.leaf != null) {
                    set.add(e);
                }
            }
            if (existing != null && !existingChanged) {
                set.add(new Entry(existing.leafKey(), existing.hash(), existing.account()));
                set.sort((a, b) -> UNSIGNED.compare(a.key, b.key));
            }
            // below a leaf every position is empty: only this one held something
            TreeNode built = build(depth, set, 0, set.size(), writes, existing);
            if (built == null && existing != null) {
                writes.put(position, null, existing);
            }
            return built;
        }
        int mid = split(entries, lo, hi, depth);
        TreeNode left = mid > lo ? update(depth + 1, entries, lo, mid, child(existing, depth, path, 0), writes) : null;
        TreeNode right = hi > mid ? update(depth + 1, entries, mid, hi, child(existing, depth, path, 1), writes) : null;
        // an untouched side keeps the hash (and leaf flag) the existing node holds for it
        byte[] leftHash = mid > lo ? hash(left) : existing.child(0);
        byte[] rightHash = hi > mid ? hash(right) : existing.child(1);
        boolean leftLeaf = mid > lo ? left != null && left.isLeaf() : existing.childIsLeaf(0);
        boolean rightLeaf = hi > mid ? right != null && right.isLeaf() : existing.childIsLeaf(1);
        boolean leftEmpty = Arrays.equals(leftHash, EMPTY);
        boolean rightEmpty = Arrays.equals(rightHash, EMPTY);
        TreeNode result;
        if (leftEmpty && rightEmpty) {
            result = null;
        } else if (leftEmpty && rightLeaf) {
            // a lone leaf moves up to where it is alone
            result = hi > mid ? right : child(existing, depth, path, 1);
            TreePosition from = childPosition(depth, path, 1);
            writes.put(from, null, hi > mid ? writes.before().get(from) : result);
        } else if (rightEmpty && leftLeaf) {
            result = mid > lo ? left : child(existing, depth, path, 0);
            TreePosition from = childPosition(depth, path, 0);
            writes.put(from, null, mid > lo ? writes.before().get(from) : result);
        } else {
            result = TreeNode.internal(leftHash, leftLeaf, rightHash, rightLeaf);
        }
        writes.put(position, result, existing);
        return result;
    }

    /**
     * A subtree from scratch, for the sorted leaves [lo, hi) with distinct keys, where only
     * {@code old} (the leaf being rebuilt, or {@code null}) stood at the top position.
     */
    private TreeNode build(int depth, List<Entry> set, int lo, int hi, Writes writes, TreeNode old) {
        if (lo == hi) {
            return null;
        }
        Entry first = set.get(lo);
        TreePosition position = TreePosition.of(depth, first.key);
        TreeNode result;
        if (hi - lo == 1) {
            result = TreeNode.leaf(first.leaf, first.key, first.id);
        } else {
            int mid = split(set, lo, hi, depth);
            TreeNode left = build(depth + 1, set, lo, mid, writes, null);
            TreeNode right = build(depth + 1, set, mid, hi, writes, null);
            result = TreeNode.internal(hash(left), left != null && left.isLeaf(), hash(right), right != null && right.isLeaf());
        }
        writes.put(position, result, old);
        return result;
    }

    /** The child of an internal node on {@code side}: not read when the node says it is empty. */
    private TreeNode child(TreeNode node, int depth, byte[] path, int side) {
        if (Arrays.equals(node.child(side), EMPTY)) {
            return null;
        }
        TreeNode child = nodes.get(childPosition(depth, path, side));
        if (child == null) {
            throw new IllegalStateException("the account tree misses a node its parent names, at depth " + (depth + 1));
        }
        return child;
    }

    private static int split(List<Entry> entries, int lo, int hi, int depth) {
        int mid = lo;
        while (mid < hi && bit(entries.get(mid).key, depth) == 0) {
            mid++;
        }
        return mid;
    }

    private static TreePosition childPosition(int depth, byte[] path, int side) {
        byte[] p = path.clone();
        int index = depth;
        if (side == 1) {
            p[index >>> 3] |= (byte) (0x80 >>> (index & 7));
        } else {
            p[index >>> 3] &= (byte) ~(0x80 >>> (index & 7));
        }
        return TreePosition.of(depth + 1, p);
    }

    private static byte[] hash(TreeNode node) {
        return node == null ? EMPTY : node.hash();
    }
}
