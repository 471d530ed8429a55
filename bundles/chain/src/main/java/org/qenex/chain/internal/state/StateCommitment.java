package org.qenex.chain.internal.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

import org.qenex.chain.internal.block.MerkleTree;
import org.qenex.chain.internal.crypto.Sha256;

/**
 * SHA-256("QXST" || accounts root || minted (u64) || proofs root || model tip (32) || versions
 * root): the accounts root is the {@link AccountTree}'s root, the proofs root the Merkle root over
 * SHA-256(0x00 || proof id) of every rewarded proof in id order, the versions root the Merkle root
 * over {@link ModelLink#leafHash()} of every rewarded version in version hash order.
 *
 * @param accountsRoot the sparse Merkle tree's root
 * @param minted the minted supply
 * @param proofsRoot the rewarded proofs' root
 * @param modelTip the model tip (32 bytes)
 * @param versionsRoot the rewarded versions' root
 */
public record StateCommitment(byte[] accountsRoot, long minted, byte[] proofsRoot, byte[] modelTip, byte[] versionsRoot) {

    private static final byte[] DOMAIN = "QXST".getBytes(StandardCharsets.US_ASCII);

    /** The parts of a view's commitment (what an account proof carries besides the path). */
    public static StateCommitment partsOf(LedgerView view) {
        return new StateCommitment(view.accountsRoot(), view.minted(), view.proofsRoot(),
                HexFormat.of().parseHex(view.modelTip()), view.versionsRoot());
    }

    /** The proofs root over these proof ids (hex), which must be in id order. */
    public static byte[] proofsRoot(Collection<String> sortedProofIds) {
        List<byte[]> leaves = new ArrayList<>(sortedProofIds.size());
        for (String proofId : sortedProofIds) {
            leaves.add(Sha256.hash((byte) 0, HexFormat.of().parseHex(proofId)));
        }
        return MerkleTree.root(leaves);
    }

    /** The versions root over these versions, which must be in version hash order. */
    public static byte[] versionsRoot(Collection<ModelLink> sortedVersions) {
        List<byte[]> leaves = new ArrayList<>(sortedVersions.size());
        for (ModelLink link : sortedVersions) {
            leaves.add(link.leafHash());
        }
        return MerkleTree.root(leaves);
    }

    public static byte[] of(LedgerView view) {
        return partsOf(view).hash();
    }

    public byte[] hash() {
        MessageDigest digest = Sha256.newDigest();
        digest.update(DOMAIN);
        digest.update(accountsRoot);
        digest.update(ByteBuffer.allocate(8).putLong(minted).array());
        digest.update(proofsRoot);
        digest.update(modelTip);
        digest.update(versionsRoot);
        return digest.digest();
    }
}
