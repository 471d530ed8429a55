package org.qenex.chain.internal.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 through the JDK's {@link MessageDigest}, which uses the CPU's SHA extensions (7-9x BouncyCastle's). */
public final class Sha256 {

    public static final int LENGTH = 32;

    private Sha256() {
    }

    /** Never updated: only cloned, which reads it. */
    private static final MessageDigest PROTOTYPE = lookUp();

    /**
     * A new digest: a clone of one looked up once (a provider lookup and a reflective constructor
     * call per transaction id showed in the REST threads' profile), or a lookup where cloning is not supported.
     */
    public static MessageDigest newDigest() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return lookUp();
        }
    }

    private static MessageDigest lookUp() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    public static byte[] hash(byte[] data) {
        return newDigest().digest(data);
    }

    public static byte[] hash(byte[] data, int offset, int length) {
        MessageDigest digest = newDigest();
        digest.update(data, offset, length);
        return digest.digest();
    }

    /** SHA-256 of {@code prefix} followed by {@code data}: domain-separated hashing. */
    public static byte[] hash(byte prefix, byte[] data) {
        MessageDigest digest = newDigest();
        digest.update(prefix);
        digest.update(data);
        return digest.digest();
    }
}
