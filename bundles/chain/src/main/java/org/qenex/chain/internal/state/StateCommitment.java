package org.qenex.chain.internal.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.qenex.chain.internal.block.MerkleTree;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.crypto.Sha256;

/**
 * SHA-256("QXST" || accounts root || minted (u64) || proofs root || model tip (32) || versions
 * root): the accounts root is the Merkle root over the leaves of every non-empty account in id
 * order, the proofs root the Merkle root over SHA-256(0x00 || proof id) of every rewarded proof in
 * id order, the versions root the Merkle root over {@link ModelLink#leafHash()} of every rewarded
 * version in version hash order.
 */
public final class StateCommitment {

    private static final byte[] DOMAIN = "QXST".getBytes(StandardCharsets.US_ASCII);

    private StateCommitment() {
    }

    public static byte[] of(LedgerView view) {
        List<byte[]> accountLeaves = new ArrayList<>();
        for (Iterator<Map.Entry<AccountId, byte[]>> it = view.leaves(); it.hasNext();) {
            accountLeaves.add(it.next().getValue());
        }
        List<byte[]> proofLeaves = new ArrayList<>();
        for (String proofId : view.rewardedProofs()) {
            proofLeaves.add(Sha256.hash((byte) 0, HexFormat.of().parseHex(proofId)));
        }
        MessageDigest digest = Sha256.newDigest();
        digest.update(DOMAIN);
        digest.update(MerkleTree.root(accountLeaves));
        digest.update(ByteBuffer.allocate(8).putLong(view.minted()).array());
        digest.update(MerkleTree.root(proofLeaves));
        digest.update(HexFormat.of().parseHex(view.modelTip()));
        List<byte[]> versionLeaves = new ArrayList<>();
        for (ModelLink link : view.rewardedVersions().values()) {
            versionLeaves.add(link.leafHash());
        }
        digest.update(MerkleTree.root(versionLeaves));
        return digest.digest();
    }
}
