package org.qenex.security.internal.intrusion;

import java.util.Optional;

/** One intrusion rule: sees every finished request and every failed login, and may detect something. */
interface RequestRule {

    Optional<Detection> observe(FinishedRequest request, long now);

    /** A failed login by any route (REST 401, SSH); {@code user} may be empty. */
    default Optional<Detection> loginFailed(String address, String user, long now) {
        return Optional.empty();
    }

    /** Forgets what it counted for {@code address} (it was just blocked). */
    void forget(String address);

    /** Frees state that fell out of the window. */
    void sweep(long now);
}
