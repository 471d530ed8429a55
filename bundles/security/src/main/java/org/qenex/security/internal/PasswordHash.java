package org.qenex.security.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted, slow password hashes (PBKDF2 with HMAC-SHA256), in the form
 * {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} with Base64 salt and hash.
 *
 * <p>The form holds no comma, since Karaf's {@code users.properties} separates the password
 * from the roles with commas.
 */
public final class PasswordHash {

    static final String SCHEME = "pbkdf2-sha256";
    static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256 is 600,000; logins are cached by the API, so this cost is paid rarely. */
    static final int DEFAULT_ITERATIONS = 210_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final SecureRandom random;
    private final int iterations;

    public PasswordHash(SecureRandom random, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        this.random = random;
        this.iterations = iterations;
    }

    public PasswordHash() {
        this(new SecureRandom(), DEFAULT_ITERATIONS);
    }

    /** A new hash of {@code password} with a fresh random salt. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return format(salt, derive(password, salt, iterations));
    }

    /**
     * A stored form no password matches, checked at the full cost of this hasher's iterations: its
     * hash is random bytes, not derived from anything, so making it costs nothing (a real hash of a
     * random password cost one full derivation, on the start-level thread at every start). A
     * password could match it only by PBKDF2 yielding these 256 random bits.
     */
    public String unmatchable() {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = new byte[HASH_BITS / 8];
        random.nextBytes(hash);
        return format(salt, hash);
    }

    private String format(byte[] salt, byte[] hash) {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** Whether {@code password} matches {@code stored}; {@code false} for a malformed {@code stored}. */
    public static boolean matches(String password, String stored) {
        if (password == null || stored == null) {
            return false;
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            if (iterations < 1 || iterations > 10_000_000) {
                return false;
            }
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(expected, derive(password, salt, iterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether {@code stored} has this scheme's form. */
    public static boolean isHash(String stored) {
        return stored != null && stored.startsWith(SCHEME + "$") && stored.split("\\$").length == 4;
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
        }
    }
}
