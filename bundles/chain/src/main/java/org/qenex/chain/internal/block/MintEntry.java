package org.qenex.chain.internal.block;

import java.nio.ByteBuffer;

import org.qenex.api.improvement.ImprovementProof;
import org.qenex.chain.internal.crypto.Sha256;

/**
 * An improvement proof carried by a block with the reward the producer claims for it. The only
 * way units are minted; the claim must equal the reward schedule exactly.
 *
 * @param proofBytes {@link ImprovementProof#canonicalBytes()}
 * @param reward the units claimed
 */
public record MintEntry(byte[] proofBytes, long reward) {

    public MintEntry {
        proofBytes = proofBytes.clone();
    }

    public static MintEntry of(ImprovementProof proof, long reward) {
        return new MintEntry(proof.canonicalBytes(), reward);
    }

    /** The proof, or an {@link IllegalArgumentException} if the bytes are not one. */
    public ImprovementProof proof() {
        return ProofCodec.decode(proofBytes);
    }

    /** SHA-256 of the proof bytes, hex: {@link ImprovementProof#id()} without decoding. */
    public String proofId() {
        return java.util.HexFormat.of().formatHex(Sha256.hash(proofBytes));
    }

    /** The leaf of the mint root: SHA-256(0x00 || proof bytes || reward (u64)). */
    public byte[] leafHash() {
        ByteBuffer b = ByteBuffer.allocate(1 + proofBytes.length + 8);
        b.put((byte) 0).put(proofBytes).putLong(reward);
        return Sha256.hash(b.array());
    }

    public int encodedSize() {
        return 4 + proofBytes.length + 8;
    }
}
