package org.qenex.api.improvement;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What a contributor signs to claim a candidate: the exact bytes of docs/chain-format.md
 * ("Contributor signature"), so that an outsider can sign with OpenSSL and the chain, the AI and a
 * wallet agree byte for byte.
 *
 * <pre>
 * "QXCS" (51 58 43 53) | 0x01 | parent version hash (32 bytes) | contributor address (42 ASCII)
 *   | SHA-256(candidate, UTF-8) (32 bytes)                                      = 111 bytes
 * </pre>
 *
 * <p>The parent is in the statement, so one signature claims one successor of one version: once
 * the chain rewarded a child of that parent, the signature can earn nothing more. Signed with
 * Ed25519 (RFC 8032, pure) by the key whose address is the contributor.
 *
 * @since 2.0.0
 */
public final class CandidateStatement {

    /** Length of a statement in bytes. */
    public static final int LENGTH = 4 + 1 + 32 + 42 + 32;
    private static final byte[] MAGIC = "QXCS".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ADDRESS_DOMAIN = "QXAD".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private CandidateStatement() {
    }

    /**
     * @param parentVersionHash 64 hex digits: the version the candidate is applied to
     * @param contributor the 42-character address the reward goes to
     * @param candidate the candidate's JSON text, exactly as signed
     * @throws IllegalArgumentException when the parent is not 64 hex digits or the contributor is not 42 ASCII characters
     */
    public static byte[] bytes(String parentVersionHash, String contributor, String candidate) {
        byte[] parent = hex(parentVersionHash, 32, "parent version hash");
        byte[] address = contributor.getBytes(StandardCharsets.US_ASCII);
        if (address.length != 42 || !contributor.startsWith("qx1")) {
            throw new IllegalArgumentException("the contributor must be a 42-character qx1 address");
        }
        return ByteBuffer.allocate(LENGTH).put(MAGIC).put((byte) 1).put(parent).put(address)
                .put(sha256(candidate.getBytes(StandardCharsets.UTF_8))).array();
    }

    /** The chain address of a 32-byte Ed25519 public key (docs/chain-format.md, "Keys, account ids and addresses"). */
    public static String addressOf(byte[] publicKey) {
        byte[] account = Arrays.copyOf(sha256(ADDRESS_DOMAIN, publicKey), 20);
        byte[] checksum = Arrays.copyOf(sha256("qx1".getBytes(StandardCharsets.US_ASCII), account), 4);
        byte[] data = ByteBuffer.allocate(24).put(account).put(checksum).array();
        StringBuilder out = new StringBuilder("qx1");
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    /**
     * Whether {@code signatureHex} is a valid signature of {@code statement} by {@code publicKeyHex}
     * and that key's address is {@code contributor}; checked with the JDK's Ed25519. False, never a
     * throw, for malformed input.
     */
    public static boolean verify(String contributor, String publicKeyHex, String signatureHex, byte[] statement) {
        try {
            byte[] key = hex(publicKeyHex, 32, "public key");
            byte[] signature = hex(signatureHex, 64, "signature");
            if (!addressOf(key).equals(contributor)) {
                return false;
            }
            byte[] der = ByteBuffer.allocate(44).put(X509_PREFIX).put(key).array();
            PublicKey publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(statement);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // a key off the curve, a non-canonical signature, or not hex: not a valid signature
            return false;
        }
    }

    private static byte[] hex(String value, int length, String what) {
        if (value == null || value.length() != 2 * length || !value.matches("[0-9a-f]+")) {
            throw new IllegalArgumentException("the " + what + " must be " + 2 * length + " lower-case hex digits");
        }
        return HexFormat.of().parseHex(value);
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
