package org.qenex.chain.internal.state;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * An account proof checker written from docs/chain-format.md ("State commitment", "Account
 * proofs") alone, with nothing of the chain's code but {@link MessageDigest}: what an outsider
 * would write. Tests check the node's proofs with it.
 */
public final class DocProofChecker {

    private DocProofChecker() {
    }

    public static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                d.update(p);
            }
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The accounts root the path gives, or {@code null} when the proof is malformed.
     *
     * @param accountId the 20-byte account id
     * @param terminalKey the key of the leaf the path ends at ({@code null}: an empty subtree)
     * @param terminalRecord that leaf's account record
     * @param siblings root first
     */
    public static byte[] rootOf(byte[] accountId, byte[] terminalKey, byte[] terminalRecord, List<byte[]> siblings) {
        byte[] key = sha256(accountId);
        int depth = siblings.size();
        if (depth > 256) {
            return null;
        }
        byte[] node;
        if (terminalKey == null) {
            node = new byte[32];
        } else {
            // the terminal leaf must lie on the key's path: same first `depth` bits
            for (int i = 0; i < depth; i++) {
                if (bit(terminalKey, i) != bit(key, i)) {
                    return null;
                }
            }
            node = sha256(new byte[] { 0 }, terminalKey, terminalRecord);
        }
        for (int i = depth - 1; i >= 0; i--) {
            byte[] sibling = siblings.get(i);
            node = bit(key, i) == 0 ? sha256(new byte[] { 1 }, node, sibling) : sha256(new byte[] { 1 }, sibling, node);
        }
        return node;
    }

    /** Whether the proof shows the account with this record under {@code accountsRoot}. */
    public static boolean includes(byte[] accountsRoot, byte[] accountId, byte[] record, List<byte[]> siblings) {
        byte[] root = rootOf(accountId, sha256(accountId), record, siblings);
        return root != null && Arrays.equals(root, accountsRoot);
    }

    /** The commitment: SHA-256("QXST" || accounts root || minted (u64) || proofs root || model tip || versions root). */
    public static byte[] commitment(byte[] accountsRoot, long minted, byte[] proofsRoot, byte[] modelTip, byte[] versionsRoot) {
        byte[] m = new byte[8];
        for (int i = 0; i < 8; i++) {
            m[i] = (byte) (minted >>> (56 - 8 * i));
        }
        return sha256("QXST".getBytes(java.nio.charset.StandardCharsets.US_ASCII), accountsRoot, m, proofsRoot, modelTip,
                versionsRoot);
    }

    private static int bit(byte[] key, int i) {
        return (key[i / 8] >> (7 - i % 8)) & 1;
    }
}
