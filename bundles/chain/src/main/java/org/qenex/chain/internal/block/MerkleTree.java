package org.qenex.chain.internal.block;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import org.qenex.chain.internal.crypto.Sha256;

/**
 * The Merkle root of a list of leaf hashes: each level pairs neighbours as
 * SHA-256(0x01 || left || right); an odd last node moves up unchanged (never duplicated, so two
 * different lists cannot share a root). The root of no leaves is 32 zero bytes; of one leaf, the
 * leaf itself.
 */
public final class MerkleTree {

    private MerkleTree() {
    }

    public static byte[] root(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            return new byte[Sha256.LENGTH];
        }
        MessageDigest digest = Sha256.newDigest();
        List<byte[]> level = leaves;
        while (level.size() > 1) {
            List<byte[]> next = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i + 1 < level.size(); i += 2) {
                digest.update((byte) 1);
                digest.update(level.get(i));
                digest.update(level.get(i + 1));
                next.add(digest.digest());
            }
            if (level.size() % 2 == 1) {
                next.add(level.get(level.size() - 1));
            }
            level = next;
        }
        return level.get(0).clone();
    }
}
