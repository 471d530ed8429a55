package org.qenex.network.internal.handshake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The bytes each side signs in the handshake ({@code docs/network.md}, "Handshake"):
 *
 * <pre>
 * "QENEX-P2P-HANDSHAKE-1"             21 bytes, ASCII
 * SHA-256(signer's HELLO payload)     32
 * SHA-256(other side's HELLO payload) 32
 * SHA-256(signer's TLS certificate)   32   (DER)
 * SHA-256(other side's TLS certificate) 32 (DER)
 * </pre>
 *
 * The HELLO payloads carry both nonces, the protocol version, chain id, genesis hash and head, so
 * one signature covers them all. The certificates bind the signature to this TLS session: a
 * man in the middle terminates TLS with its own certificate on each leg, and the signatures it
 * relays then name certificates that are not the ones it presents. The signer's own part comes
 * first, so a signature cannot be reflected back as the other side's.
 */
public final class Transcript {

    public static final byte[] DOMAIN = "QENEX-P2P-HANDSHAKE-1".getBytes(StandardCharsets.US_ASCII);
    public static final int LENGTH = DOMAIN.length + 4 * 32;

    private Transcript() {
    }

    public static byte[] of(byte[] signerHello, byte[] otherHello, byte[] signerCertificate, byte[] otherCertificate) {
        byte[] out = new byte[LENGTH];
        System.arraycopy(DOMAIN, 0, out, 0, DOMAIN.length);
        int at = DOMAIN.length;
        for (byte[] part : new byte[][] {signerHello, otherHello, signerCertificate, otherCertificate}) {
            System.arraycopy(sha256(part), 0, out, at, 32);
            at += 32;
        }
        return out;
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
