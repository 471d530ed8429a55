package org.qenex.chain.internal.state;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

import org.qenex.chain.internal.crypto.AccountId;

/**
 * A non-empty node of the {@link AccountTree}. A leaf names the key it holds, so that an insertion
 * below it knows where to split, and the account, so that a proof ending at it can show that
 * account's record. An internal node holds its two children's hashes (and whether each is a leaf),
 * as Jellyfish's internal nodes do: an update or a proof then reads one node per level on the path,
 * never the sibling beside it, and its own hash is computed from them. Immutable; the byte arrays
 * it hands out must not be changed.
 */
public final class TreeNode {

    private static final byte LEAF = 0;
    // 1 was the internal node of the first stored tree, which held only its own hash
    private static final byte INTERNAL = 2;
    private static final int LEAF_BYTES = 65 + AccountId.LENGTH;
    private static final int INTERNAL_BYTES = 66;

    private final byte[] hash;
    private final byte[] leafKey;
    private final AccountId account;
    private final byte[] left;
    private final byte[] right;
    private final int leafChildren;

    private TreeNode(byte[] hash, byte[] leafKey, AccountId account, byte[] left, byte[] right, int leafChildren) {
        this.hash = hash;
        this.leafKey = leafKey;
        this.account = account;
        this.left = left;
        this.right = right;
        this.leafChildren = leafChildren;
    }

    /** The leaf of {@code account}, whose key is {@code key} and hash {@code hash}. */
    public static TreeNode leaf(byte[] hash, byte[] key, AccountId account) {
        return new TreeNode(hash, key, account, null, null, 0);
    }

    /** An internal node over two children's hashes ({@link AccountTree#EMPTY}: an empty subtree). */
    public static TreeNode internal(byte[] left, boolean leftIsLeaf, byte[] right, boolean rightIsLeaf) {
        return new TreeNode(AccountTree.internalHash(left, right), null, null, left, right,
                (leftIsLeaf ? 1 : 0) | (rightIsLeaf ? 2 : 0));
    }

    public byte[] hash() {
        return hash;
    }

    public boolean isLeaf() {
        return leafKey != null;
    }

    /** The leaf's 32-byte key, {@code null} for an internal node. */
    public byte[] leafKey() {
        return leafKey;
    }

    /** The leaf's account, {@code null} for an internal node. */
    public AccountId account() {
        return account;
    }

    /** An internal node's child hash on {@code side} (0 left, 1 right); {@link AccountTree#EMPTY} when that subtree is empty. */
    public byte[] child(int side) {
        return side == 0 ? left : right;
    }

    /** Whether an internal node's child on {@code side} is a leaf. */
    public boolean childIsLeaf(int side) {
        return (leafChildren & (1 << side)) != 0;
    }

    /**
     * Stored form: 0x00 || key (32) || hash (32) || account id (20) for a leaf, 0x02 || flags ||
     * left hash (32) || right hash (32) for an internal node (flags: bit 0 left is a leaf, bit 1
     * right is a leaf).
     */
    public byte[] encode() {
        if (leafKey != null) {
            return ByteBuffer.allocate(LEAF_BYTES).put(LEAF).put(leafKey).put(hash).put(account.bytes()).array();
        }
        return ByteBuffer.allocate(INTERNAL_BYTES).put(INTERNAL).put((byte) leafChildren).put(left).put(right).array();
    }

    public static TreeNode decode(byte[] bytes) {
        if (bytes.length == LEAF_BYTES && bytes[0] == LEAF) {
            return leaf(Arrays.copyOfRange(bytes, 33, 65), Arrays.copyOfRange(bytes, 1, 33),
                    AccountId.of(Arrays.copyOfRange(bytes, 65, LEAF_BYTES)));
        }
        if (bytes.length == INTERNAL_BYTES && bytes[0] == INTERNAL && (bytes[1] & ~3) == 0) {
            return internal(Arrays.copyOfRange(bytes, 2, 34), (bytes[1] & 1) != 0, Arrays.copyOfRange(bytes, 34, 66),
                    (bytes[1] & 2) != 0);
        }
        throw new IllegalArgumentException("not a stored tree node (or one of an older stored form)");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TreeNode other && Arrays.equals(hash, other.hash) && Arrays.equals(leafKey, other.leafKey)
                && Objects.equals(account, other.account) && leafChildren == other.leafChildren;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return (isLeaf() ? "leaf " : "internal ") + HexFormat.of().formatHex(hash, 0, 4);
    }
}
