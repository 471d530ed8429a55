package org.qenex.security.internal.http;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Makes a failed login cost the same whether or not the user exists. The realm rejects an unknown
 * user without hashing anything (about 1 ms) but a known user's wrong password only after PBKDF2
 * (about 80 ms): the difference tells an attacker which names to attack. A failure that came back
 * faster than {@code floorNanos} therefore hashes the password against a dummy hash as well.
 */
final class ConstantCostAuthenticator implements Authenticator {

    private final Authenticator delegate;
    private final Consumer<String> dummyHash;
    private final LongSupplier nanoTime;
    private final long floorNanos;

    /**
     * @param dummyHash hashes a password the way the realm does, and throws the result away
     * @param floorNanos a failure faster than this cannot have hashed (half a hash's time)
     */
    ConstantCostAuthenticator(Authenticator delegate, Consumer<String> dummyHash, LongSupplier nanoTime, long floorNanos) {
        this.delegate = delegate;
        this.dummyHash = dummyHash;
        this.nanoTime = nanoTime;
        this.floorNanos = floorNanos;
    }

    @Override
    public Optional<Caller> authenticate(String user, String password) {
        long start = nanoTime.getAsLong();
        Optional<Caller> caller = delegate.authenticate(user, password);
        if (caller.isEmpty() && nanoTime.getAsLong() - start < floorNanos) {
            dummyHash.accept(password);
        }
        return caller;
    }
}
