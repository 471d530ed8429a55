package org.qenex.chain.internal.state;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A non-empty node of the {@link AccountTree}: an internal node (hash only) or a leaf, which also
 * names the key it holds so that an insertion below it knows where to split.
 *
 * @param hash the node's hash
 * @param leafKey the leaf's 32-byte key, {@code null} for an internal node
 */
public record TreeNode(byte[] hash, byte[] leafKey) {

    public boolean isLeaf() {
        return leafKey != null;
    }

    /** Stored form: 0x01 || hash (internal) or 0x00 || key || hash (leaf). */
    public byte[] encode() {
        if (leafKey == null) {
            return ByteBuffer.allocate(33).put((byte) 1).put(hash).array();
        }
        return ByteBuffer.allocate(65).put((byte) 0).put(leafKey).put(hash).array();
    }

    public static TreeNode decode(byte[] bytes) {
        if (bytes[0] == 1 && bytes.length == 33) {
            return new TreeNode(Arrays.copyOfRange(bytes, 1, 33), null);
        }
        if (bytes[0] == 0 && bytes.length == 65) {
            return new TreeNode(Arrays.copyOfRange(bytes, 33, 65), Arrays.copyOfRange(bytes, 1, 33));
        }
        throw new IllegalArgumentException("not a stored tree node");
    }
}
