package org.qenex.network.internal.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 32-byte block hash or transaction id as a map key: immutable, compared by content (a
 * {@code byte[]} is compared by identity).
 */
public final class Hash {

    public static final int LENGTH = 32;

    private final byte[] bytes;
    private final int hashCode;

    private Hash(byte[] bytes) {
        this.bytes = bytes;
        this.hashCode = Arrays.hashCode(bytes);
    }

    /** A copy of {@code bytes}, which must be 32 bytes long. */
    public static Hash of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a hash is " + LENGTH + " bytes");
        }
        return new Hash(bytes.clone());
    }

    public static Hash ofHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    /** A copy of the 32 bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Hash h && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return hashCode;
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
