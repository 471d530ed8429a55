package org.qenex.security.internal.http;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Makes a failed login cost the same whether or not the user exists. Karaf's realm rejects an
 * unknown user without hashing anything (about 1 ms) but a known user's wrong password only after
 * PBKDF2 (about 80 ms): the difference tells an attacker which names to attack. So an unknown
 * user's password is hashed against a dummy hash instead, and the realm is not asked at all.
 *
 * <p>Why ask whether the user exists rather than time the realm and top up fast failures: the
 * time of one hash varies tenfold with JIT warm-up and machine load, so any fixed threshold
 * either misses unknown users or charges known ones twice.
 */
final class ConstantCostAuthenticator implements Authenticator {

    private final Authenticator delegate;
    private final Predicate<String> knownUser;
    private final Consumer<String> dummyHash;

    /**
     * @param knownUser whether the realm has this user (must not hash anything itself)
     * @param dummyHash hashes a password the way the realm does, and throws the result away
     */
    ConstantCostAuthenticator(Authenticator delegate, Predicate<String> knownUser, Consumer<String> dummyHash) {
        this.delegate = delegate;
        this.knownUser = knownUser;
        this.dummyHash = dummyHash;
    }

    @Override
    public Optional<Caller> authenticate(String user, String password) {
        if (!knownUser.test(user)) {
            dummyHash.accept(password);
            return Optional.empty();
        }
        return delegate.authenticate(user, password);
    }
}
