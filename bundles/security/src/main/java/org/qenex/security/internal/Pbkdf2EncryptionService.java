package org.qenex.security.internal;

import java.util.Map;

import org.apache.karaf.jaas.modules.Encryption;
import org.apache.karaf.jaas.modules.EncryptionService;

/**
 * Gives Karaf's JAAS realm salted PBKDF2 password hashes instead of its unsalted digests.
 *
 * <p>Selected in {@code etc/org.apache.karaf.jaas.cfg} with {@code encryption.name = qenex} and
 * {@code encryption.algorithm = PBKDF2WithHmacSHA256}. Karaf then hashes every clear password it
 * finds in {@code users.properties} with it, and checks logins against it. Registered by
 * {@link SecurityActivator}, not by DS: see there why.
 */
public final class Pbkdf2EncryptionService implements EncryptionService {

    /** The service property Karaf's {@code encryption.name} selects this service by. */
    static final String NAME = "qenex";

    private final PasswordHash passwordHash = new PasswordHash();

    @Override
    public Encryption createEncryption(Map<String, String> params) {
        String algorithm = params.getOrDefault(ALGORITHM, PasswordHash.ALGORITHM);
        if (!PasswordHash.ALGORITHM.equalsIgnoreCase(algorithm)) {
            return null;
        }
        return new Pbkdf2Encryption(passwordHash);
    }

    private static final class Pbkdf2Encryption implements Encryption {
        private final PasswordHash passwordHash;

        Pbkdf2Encryption(PasswordHash passwordHash) {
            this.passwordHash = passwordHash;
        }

        @Override
        public String encryptPassword(String plain) {
            return plain == null ? null : passwordHash.hash(plain);
        }

        @Override
        public boolean checkPassword(String input, String password) {
            return PasswordHash.matches(input, password);
        }

        /** Required by older revisions of the interface; the algorithm is fixed. */
        public void setAlgorithm(String algorithm) {
            // the scheme is recorded in each hash, nothing to set
        }
    }
}
