package org.qenex.chain.internal.wallet;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.generators.SCrypt;

/**
 * Encrypts a private key under a passphrase: scrypt (BouncyCastle; cost N, r = 8, p = 1, 16-byte
 * salt) stretches the passphrase into a 256-bit key for AES-GCM (12-byte nonce, 128-bit tag). The
 * associated data binds the ciphertext to the wallet's name and address, so a file edited to
 * claim another address does not decrypt.
 */
public final class KeyEncryption {

    public static final int DEFAULT_COST = 1 << 15;
    private static final int R = 8;
    private static final int P = 1;

    private KeyEncryption() {
    }

    /** The sealed key: cost, salt, nonce and ciphertext (with tag). */
    public record Sealed(int cost, byte[] salt, byte[] nonce, byte[] ciphertext) {
    }

    public static Sealed seal(byte[] privateKey, char[] passphrase, byte[] associatedData, int cost, SecureRandom random) {
        byte[] salt = new byte[16];
        byte[] nonce = new byte[12];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        byte[] key = stretch(passphrase, salt, cost);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(associatedData);
            return new Sealed(cost, salt, nonce, cipher.doFinal(privateKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * The private key; the caller wipes it after use.
     *
     * @throws WrongPassphraseException if the passphrase (or the file) is wrong
     */
    public static byte[] open(Sealed sealed, char[] passphrase, byte[] associatedData) throws WrongPassphraseException {
        if (sealed.cost() < 2 || sealed.cost() > (1 << 20) || Integer.bitCount(sealed.cost()) != 1) {
            throw new WrongPassphraseException("the key file's scrypt cost is not a power of two up to 2^20");
        }
        byte[] key = stretch(passphrase, sealed.salt(), sealed.cost());
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, sealed.nonce()));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(sealed.ciphertext());
        } catch (AEADBadTagException e) {
            throw new WrongPassphraseException("wrong passphrase, or the key file was altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static byte[] stretch(char[] passphrase, byte[] salt, int cost) {
        ByteBuffer utf8 = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] bytes = new byte[utf8.remaining()];
        utf8.get(bytes);
        try {
            return SCrypt.generate(bytes, salt, cost, R, P, 32);
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (utf8.hasArray()) {
                Arrays.fill(utf8.array(), (byte) 0);
            }
        }
    }
}
