package org.qenex.itests;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A client that knows only the JDK and docs/chain-format.md: its own Ed25519
 * ({@code java.security}), SHA-256 and base32. No QENEX class is used, so the test that drives
 * it checks the document, not the code.
 */
final class JdkOnlyWallet {

    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    private final KeyPair keys;
    private final byte[] publicKey;

    JdkOnlyWallet() throws GeneralSecurityException {
        this.keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] x509 = keys.getPublic().getEncoded();
        // the raw RFC 8032 key is the last 32 bytes of the X.509 encoding
        this.publicKey = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
    }

    /** "qx1" + base32(id || checksum), id = SHA-256("QXAD" || key)[0..20), checksum = SHA-256("qx1" || id)[0..4). */
    String address() throws GeneralSecurityException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("QXAD".getBytes(StandardCharsets.US_ASCII));
        byte[] id = Arrays.copyOf(sha.digest(publicKey), 20);
        sha.update("qx1".getBytes(StandardCharsets.US_ASCII));
        byte[] checksum = Arrays.copyOf(sha.digest(id), 4);
        byte[] raw = Arrays.copyOf(id, 24);
        System.arraycopy(checksum, 0, raw, 20, 4);
        return "qx1" + base32(raw);
    }

    /** A signed transfer: "QXTX", version 1, kind 1, chain id, key, nonce, fee, recipient id, amount, signature. */
    String signedTransferHex(String chainId, String recipient, long amount, long fee, long nonce)
            throws GeneralSecurityException, IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write("QXTX".getBytes(StandardCharsets.US_ASCII));
        out.writeByte(1);
        out.writeByte(1);
        byte[] chain = chainId.getBytes(StandardCharsets.US_ASCII);
        out.writeByte(chain.length);
        out.write(chain);
        out.write(publicKey);
        out.writeLong(nonce);
        out.writeLong(fee);
        out.write(Arrays.copyOf(unbase32(recipient.substring(3)), 20));
        out.writeLong(amount);
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(keys.getPrivate());
        signer.update(bytes.toByteArray());
        out.write(signer.sign());
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    /**
     * A signed set-parent: "QXTX", version 1, kind 2, chain id, key, nonce, fee, the parent's key,
     * then this wallet's signature and the parent's over the same signed bytes. It moves no coins,
     * so on a chain whose minFee is 0 a fresh wallet can send it.
     */
    String signedSetParentHex(String chainId, JdkOnlyWallet parent, long fee, long nonce)
            throws GeneralSecurityException, IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write("QXTX".getBytes(StandardCharsets.US_ASCII));
        out.writeByte(1);
        out.writeByte(2);
        byte[] chain = chainId.getBytes(StandardCharsets.US_ASCII);
        out.writeByte(chain.length);
        out.write(chain);
        out.write(publicKey);
        out.writeLong(nonce);
        out.writeLong(fee);
        out.write(parent.publicKey);
        byte[] signed = bytes.toByteArray();
        out.write(sign(keys, signed));
        out.write(sign(parent.keys, signed));
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    private static byte[] sign(KeyPair keys, byte[] message) throws GeneralSecurityException {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(keys.getPrivate());
        signer.update(message);
        return signer.sign();
    }

    String publicKeyHex() {
        return HexFormat.of().formatHex(publicKey);
    }

    /**
     * The contributor signature of a candidate (docs/chain-format.md, "Contributor signature"):
     * Ed25519 over "QXCS" | 0x01 | parent hash (32) | address (42 ASCII) | SHA-256(candidate, UTF-8).
     */
    String signCandidateHex(String parentHex, String candidate) throws GeneralSecurityException, IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write("QXCS".getBytes(StandardCharsets.US_ASCII));
        bytes.write(1);
        bytes.write(HexFormat.of().parseHex(parentHex));
        bytes.write(address().getBytes(StandardCharsets.US_ASCII));
        bytes.write(MessageDigest.getInstance("SHA-256").digest(candidate.getBytes(StandardCharsets.UTF_8)));
        if (bytes.size() != 111) {
            throw new IllegalStateException("a candidate statement is 111 bytes, not " + bytes.size());
        }
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(keys.getPrivate());
        signer.update(bytes.toByteArray());
        return HexFormat.of().formatHex(signer.sign());
    }

    private static String base32(byte[] data) {
        StringBuilder text = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                text.append(BASE32.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            text.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return text.toString();
    }

    private static byte[] unbase32(String text) {
        byte[] out = new byte[text.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (char c : text.toCharArray()) {
            buffer = (buffer << 5) | BASE32.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out[n++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }
}
