package org.qenex.chain.internal.state;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import org.qenex.chain.internal.crypto.Sha256;

/**
 * One rewarded version of the model's version chain, as the chain's state holds it: the version,
 * the parent it extended (the tip when it was minted) and its prediction fingerprint, each a
 * SHA-256 in lower-case hex.
 */
public record ModelLink(String versionHash, String parentHash, String fingerprint) {

    /** The version before any reward: the parent of the first version, 64 zeros. */
    public static final String GENESIS_VERSION = "0".repeat(64);

    /** The leaf of the versions root: SHA-256(0x00 || version (32) || parent (32) || fingerprint (32)). */
    public byte[] leafHash() {
        return Sha256.hash(ByteBuffer.allocate(1 + 96).put((byte) 0).put(raw(versionHash)).put(raw(parentHash))
                .put(raw(fingerprint)).array());
    }

    /** parent (32) || fingerprint (32): the stored record, keyed by the version. */
    public byte[] encodeValue() {
        return ByteBuffer.allocate(64).put(raw(parentHash)).put(raw(fingerprint)).array();
    }

    public static ModelLink decode(String versionHash, byte[] value) {
        HexFormat hex = HexFormat.of();
        return new ModelLink(versionHash, hex.formatHex(value, 0, 32), hex.formatHex(value, 32, 64));
    }

    static byte[] raw(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
