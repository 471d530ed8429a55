package org.qenex.chain.internal.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchProviderException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.nio.ByteBuffer;
import java.security.spec.X509EncodedKeySpec;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ed25519 (RFC 8032, pure, no context) through BouncyCastle's lightweight API: about 8x the JDK's
 * own implementation here. Stateless; signers are created per call because they are not thread-safe.
 *
 * <p>A rejection is confirmed with the JDK's independent implementation before it counts. On JDK
 * 17.0.15 with BouncyCastle 1.83, one verification in a few hundred thousand returned false for a
 * valid signature on a single thread, and true when repeated (see docs/chain.md, "Signature
 * checks"). A consensus verdict must not hang on that: valid signatures pay nothing extra, invalid
 * ones pay one slower JDK check.
 */
public final class Ed25519 {

    public static final int PUBLIC_KEY_LENGTH = 32;
    public static final int PRIVATE_KEY_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;

    private static final Logger LOG = LoggerFactory.getLogger(Ed25519.class);
    /** The DER prefix of an X.509 SubjectPublicKeyInfo for an Ed25519 key (RFC 8410). */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    private static final AtomicLong OVERRULED = new AtomicLong();
    private static final String JDK_PROVIDER = "SunEC";
    /**
     * Public keys already parsed (decompressed to a curve point, about a tenth of a verification),
     * by their bytes: a node checks the same senders' signatures over and over. Bounded: emptied
     * when full, so a flood of new keys costs what it did without it.
     */
    private static final int KEYS_KEPT = 4_096;
    private static final ConcurrentHashMap<ByteBuffer, Ed25519PublicKeyParameters> KEYS = new ConcurrentHashMap<>();

    private Ed25519() {
    }

    /** A new private key (the 32-byte RFC 8032 seed). */
    public static byte[] newPrivateKey(SecureRandom random) {
        return new Ed25519PrivateKeyParameters(random).getEncoded();
    }

    public static byte[] publicKey(byte[] privateKey) {
        return new Ed25519PrivateKeyParameters(privateKey, 0).generatePublicKey().getEncoded();
    }

    public static byte[] sign(byte[] privateKey, byte[] message) {
        return sign(privateKey, message, 0, message.length);
    }

    public static byte[] sign(byte[] privateKey, byte[] message, int offset, int length) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, new Ed25519PrivateKeyParameters(privateKey, 0));
        signer.update(message, offset, length);
        return signer.generateSignature();
    }

    /** Whether {@code signature} is valid for the given bytes; false (never a throw) for malformed keys. */
    public static boolean verify(byte[] publicKey, byte[] message, int offset, int length, byte[] signature) {
        if (publicKey.length != PUBLIC_KEY_LENGTH || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        return verifyFast(publicKey, message, offset, length, signature)
                || confirmedByJdk(publicKey, message, offset, length, signature);
    }

    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        return verify(publicKey, message, 0, message.length, signature);
    }

    /** How many BouncyCastle rejections the JDK overruled since this bundle started. */
    public static long overruledRejections() {
        return OVERRULED.get();
    }

    static boolean verifyFast(byte[] publicKey, byte[] message, int offset, int length, byte[] signature) {
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, publicKeyParameters(publicKey));
            verifier.update(message, offset, length);
            return verifier.verifySignature(signature);
        } catch (IllegalArgumentException e) {
            // a public key that is not a point on the curve
            return false;
        }
    }

    /** The parsed key (immutable, shared by threads); throws IllegalArgumentException if it is not a point on the curve. */
    static Ed25519PublicKeyParameters publicKeyParameters(byte[] publicKey) {
        Ed25519PublicKeyParameters parsed = KEYS.get(ByteBuffer.wrap(publicKey));
        if (parsed == null) {
            parsed = new Ed25519PublicKeyParameters(publicKey, 0);
            if (KEYS.size() >= KEYS_KEPT) {
                KEYS.clear();
            }
            // a copy: the caller's array may change after this call
            KEYS.put(ByteBuffer.wrap(publicKey.clone()), parsed);
        }
        return parsed;
    }

    /** How many parsed keys are kept now (at most {@value #KEYS_KEPT}). */
    static int parsedKeys() {
        return KEYS.size();
    }

    static boolean verifyJdk(byte[] publicKey, byte[] message, int offset, int length, byte[] signature) {
        try {
            byte[] der = new byte[X509_PREFIX.length + PUBLIC_KEY_LENGTH];
            System.arraycopy(X509_PREFIX, 0, der, 0, X509_PREFIX.length);
            System.arraycopy(publicKey, 0, der, X509_PREFIX.length, PUBLIC_KEY_LENGTH);
            PublicKey key = jdkKeyFactory().generatePublic(new X509EncodedKeySpec(der));
            Signature verifier = jdkSignature();
            verifier.initVerify(key);
            verifier.update(message, offset, length);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // an encoding the JDK refuses (not a point on the curve, non-canonical): not valid
            return false;
        }
    }

    /**
     * The JDK's own provider by name: BouncyCastle may be registered as a JCA provider too (Karaf's
     * ssh feature brings it), and the point is an implementation independent of it.
     */
    private static KeyFactory jdkKeyFactory() throws GeneralSecurityException {
        try {
            return KeyFactory.getInstance("Ed25519", JDK_PROVIDER);
        } catch (NoSuchProviderException e) {
            return KeyFactory.getInstance("Ed25519");
        }
    }

    private static Signature jdkSignature() throws GeneralSecurityException {
        try {
            return Signature.getInstance("Ed25519", JDK_PROVIDER);
        } catch (NoSuchProviderException e) {
            return Signature.getInstance("Ed25519");
        }
    }

    private static boolean confirmedByJdk(byte[] publicKey, byte[] message, int offset, int length, byte[] signature) {
        if (!verifyJdk(publicKey, message, offset, length, signature)) {
            return false;
        }
        long count = OVERRULED.incrementAndGet();
        LOG.warn("BouncyCastle rejected a valid Ed25519 signature and the JDK overruled it ({} since start)", count);
        return true;
    }
}
