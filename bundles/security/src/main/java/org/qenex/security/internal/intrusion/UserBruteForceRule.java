package org.qenex.security.internal.intrusion;

import java.util.Optional;

/**
 * Brute force against one account from many places: {@code limit} failed logins for one user
 * name within the window, whatever the address. Raises an incident but blocks nothing, since the
 * addresses are many and may be shared; locking the account is the login throttle's job.
 */
final class UserBruteForceRule implements RequestRule {

    private final int limit;
    private final long windowMillis;
    private final WindowCounter failures;

    UserBruteForceRule(int limit, long windowMillis, int maxUsers) {
        this.limit = limit;
        this.windowMillis = windowMillis;
        this.failures = new WindowCounter(windowMillis, maxUsers);
    }

    @Override
    public Optional<Detection> observe(FinishedRequest request, long now) {
        return Optional.empty();
    }

    @Override
    public Optional<Detection> loginFailed(String address, String user, long now) {
        if (user == null || user.isEmpty()) {
            return Optional.empty();
        }
        int count = failures.add(user, now);
        if (count < limit) {
            return Optional.empty();
        }
        return Optional.of(new Detection("brute-force-user", user,
                count + " failed logins as '" + user + "' within " + windowMillis / 1000 + " s, the last from " + address,
                false));
    }

    @Override
    public void forget(String address) {
        // counts users, not addresses
    }

    @Override
    public void sweep(long now) {
        failures.sweep(now);
    }
}
