package org.qenex.security.internal.intrusion;

import java.util.Optional;

/** Brute force from one place: {@code limit} failed logins from one address within the window; blocks it. */
final class BruteForceRule implements RequestRule {

    private final int limit;
    private final long windowMillis;
    private final WindowCounter failures;

    BruteForceRule(int limit, long windowMillis, int maxAddresses) {
        this.limit = limit;
        this.windowMillis = windowMillis;
        this.failures = new WindowCounter(windowMillis, maxAddresses);
    }

    @Override
    public Optional<Detection> observe(FinishedRequest request, long now) {
        return request.failedLogin() ? loginFailed(request.address(), request.user(), now) : Optional.empty();
    }

    @Override
    public Optional<Detection> loginFailed(String address, String user, long now) {
        int count = failures.add(address, now);
        if (count < limit) {
            return Optional.empty();
        }
        return Optional.of(new Detection("brute-force", address,
                count + " failed logins from " + address + " within " + windowMillis / 1000 + " s", true));
    }

    @Override
    public void forget(String address) {
        failures.forget(address);
    }

    @Override
    public void sweep(long now) {
        failures.sweep(now);
    }
}
