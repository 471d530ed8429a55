package org.qenex.security.internal.user;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a new password must be: at least {@value #MIN_LENGTH} characters, at most
 * {@value #MAX_LENGTH}, not the user's name (in any case, nor the name repeated), not one
 * character repeated, and not on a small list of passwords every brute-force dictionary starts with.
 */
public final class PasswordRules {

    public static final int MIN_LENGTH = 12;
    /** PBKDF2 hashes the whole password: a bound keeps one check from costing more than usual. */
    public static final int MAX_LENGTH = 256;

    private static final Set<String> DENIED = Set.of(
            "password1234", "password12345", "password123456", "passwordpassword", "123456789012",
            "1234567890123", "12345678901234", "qwertyuiopas", "qwertyuiop123", "qwerty123456", "1q2w3e4r5t6y",
            "letmein12345", "changeme1234", "changeme12345", "welcome12345", "administrator", "admin1234567",
            "adminadmin12", "adminadminadmin", "iloveyou1234", "trustno11234", "qenex1234567", "qenexqenex12",
            "qenexpassword", "karaf1234567", "karafkaraf12", "abcdefghijkl", "abc123456789", "passw0rd1234",
            "p@ssw0rd1234", "p@ssword1234", "000000000000", "111111111111", "secretsecret");

    private PasswordRules() {
    }

    /** Why {@code password} is refused for {@code user}, or empty when it is acceptable. */
    public static Optional<String> violation(String user, String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return Optional.of("a password needs at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("a password has at most " + MAX_LENGTH + " characters");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        String name = user == null ? "" : user.toLowerCase(Locale.ROOT);
        if (!name.isEmpty() && lower.replace(name, "").isEmpty()) {
            return Optional.of("a password must not be the user name");
        }
        if (lower.chars().distinct().count() < 3) {
            return Optional.of("a password needs at least three different characters");
        }
        if (DENIED.contains(lower)) {
            return Optional.of("this password is on the list of the most guessed ones");
        }
        return Optional.empty();
    }
}
