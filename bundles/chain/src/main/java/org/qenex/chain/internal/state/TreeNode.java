package org.qenex.chain.internal.state;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.qenex.chain.internal.crypto.AccountId;

/**
 * A non-empty node of the {@link AccountTree}: an internal node (hash only) or a leaf, which also
 * names the key it holds, so that an insertion below it knows where to split, and the account, so
 * that a proof ending at it can show that account's record.
 *
 * @param hash the node's hash
 * @param leafKey the leaf's 32-byte key, {@code null} for an internal node
 * @param account the leaf's account, {@code null} for an internal node
 */
public record TreeNode(byte[] hash, byte[] leafKey, AccountId account) {

    public boolean isLeaf() {
        return leafKey != null;
    }

    public static TreeNode internal(byte[] hash) {
        return new TreeNode(hash, null, null);
    }

    /** Stored form: 0x01 || hash (internal) or 0x00 || key || hash || account id (leaf). */
    public byte[] encode() {
        if (leafKey == null) {
            return ByteBuffer.allocate(33).put((byte) 1).put(hash).array();
        }
        return ByteBuffer.allocate(65 + AccountId.LENGTH).put((byte) 0).put(leafKey).put(hash).put(account.bytes()).array();
    }

    public static TreeNode decode(byte[] bytes) {
        if (bytes[0] == 1 && bytes.length == 33) {
            return internal(Arrays.copyOfRange(bytes, 1, 33));
        }
        if (bytes[0] == 0 && bytes.length == 65 + AccountId.LENGTH) {
            return new TreeNode(Arrays.copyOfRange(bytes, 33, 65), Arrays.copyOfRange(bytes, 1, 33),
                    AccountId.of(Arrays.copyOfRange(bytes, 65, 65 + AccountId.LENGTH)));
        }
        throw new IllegalArgumentException("not a stored tree node");
    }
}
