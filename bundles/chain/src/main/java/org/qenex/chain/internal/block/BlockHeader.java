package org.qenex.chain.internal.block;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.qenex.chain.internal.crypto.Sha256;

/**
 * What a producer signs: the block's place in the chain and commitments to its contents.
 * Encoded as {@code "QXBK" | version 0x01 | chain id length (u8) | chain id | height (u64) |
 * previous hash (32) | timestamp ms (u64) | tx root (32) | mint root (32) | state commitment (32)
 * | producer public key (32) | tx count (u32) | mint count (u16)}; the block hash is SHA-256 of
 * these bytes.
 */
public record BlockHeader(String chainId, long height, byte[] previousHash, long timestampMillis, byte[] txRoot,
        byte[] mintRoot, byte[] stateCommitment, byte[] producerKey, int txCount, int mintCount) {

    static final byte[] MAGIC = "QXBK".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;

    public byte[] encode() {
        byte[] chain = chainId.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(encodedLength(chain.length));
        out.put(MAGIC).put((byte) VERSION).put((byte) chain.length).put(chain).putLong(height).put(previousHash)
                .putLong(timestampMillis).put(txRoot).put(mintRoot).put(stateCommitment).put(producerKey)
                .putInt(txCount).putShort((short) mintCount);
        return out.array();
    }

    static int encodedLength(int chainIdLength) {
        return 4 + 1 + 1 + chainIdLength + 8 + 32 + 8 + 32 + 32 + 32 + 32 + 4 + 2;
    }

    public byte[] hash() {
        return Sha256.hash(encode());
    }

    public String hashHex() {
        return HexFormat.of().formatHex(hash());
    }
}
