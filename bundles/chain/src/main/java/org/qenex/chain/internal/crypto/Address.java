package org.qenex.chain.internal.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The text form of an account: {@code qx1} followed by the base32 (RFC 4648, lower case, no
 * padding) of the 20-byte {@link AccountId} and a 4-byte checksum, the first 4 bytes of
 * SHA-256("qx1" || id). 39 characters after the prefix, 42 in all. A mistyped character changes
 * the checksum, so it is rejected instead of sending coins to a stranger.
 */
public final class Address {

    public static final String PREFIX = "qx1";
    public static final int LENGTH = PREFIX.length() + 39;
    private static final int CHECKSUM = 4;

    private Address() {
    }

    public static String of(AccountId id) {
        byte[] raw = new byte[AccountId.LENGTH + CHECKSUM];
        id.writeTo(raw, 0);
        System.arraycopy(checksum(id), 0, raw, AccountId.LENGTH, CHECKSUM);
        return PREFIX + Base32.encode(raw);
    }

    public static String ofPublicKey(byte[] publicKey) {
        return of(AccountId.ofPublicKey(publicKey));
    }

    /**
     * The account id an address names.
     *
     * @throws IllegalArgumentException if the text is not an address or its checksum is wrong
     */
    public static AccountId parse(String address) {
        if (address == null || address.length() != LENGTH || !address.startsWith(PREFIX)) {
            throw new IllegalArgumentException("an address is 'qx1' followed by 39 base32 characters");
        }
        byte[] raw = Base32.decode(address.substring(PREFIX.length()));
        AccountId id = AccountId.of(Arrays.copyOf(raw, AccountId.LENGTH));
        byte[] expected = checksum(id);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, AccountId.LENGTH, raw.length))) {
            throw new IllegalArgumentException("address checksum mismatch (mistyped address?)");
        }
        return id;
    }

    public static boolean isValid(String address) {
        try {
            parse(address);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] checksum(AccountId id) {
        MessageDigest digest = Sha256.newDigest();
        digest.update(PREFIX.getBytes(StandardCharsets.US_ASCII));
        id.updateDigest(digest);
        return Arrays.copyOf(digest.digest(), CHECKSUM);
    }
}
