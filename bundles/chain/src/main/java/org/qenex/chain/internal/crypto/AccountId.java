package org.qenex.chain.internal.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 20 bytes that identify an account: the first 20 bytes of SHA-256("QXAD" || public key).
 * Compared as unsigned bytes, which is the order of the state commitment.
 */
public final class AccountId implements Comparable<AccountId> {

    public static final int LENGTH = 20;
    private static final byte[] DOMAIN = "QXAD".getBytes(StandardCharsets.US_ASCII);

    private final byte[] bytes;
    private final int hash;

    private AccountId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    public static AccountId of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("an account id has " + LENGTH + " bytes, got " + bytes.length);
        }
        return new AccountId(bytes.clone());
    }

    public static AccountId ofPublicKey(byte[] publicKey) {
        MessageDigest digest = Sha256.newDigest();
        digest.update(DOMAIN);
        digest.update(publicKey);
        return new AccountId(Arrays.copyOf(digest.digest(), LENGTH));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** Writes the id without copying (hot paths: encoding and hashing). */
    public void writeTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, LENGTH);
    }

    public void updateDigest(MessageDigest digest) {
        digest.update(bytes);
    }

    public String address() {
        return Address.of(this);
    }

    @Override
    public int compareTo(AccountId other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccountId other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return address();
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }
}
