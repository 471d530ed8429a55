package org.qenex.security.internal.intrusion;

import java.util.Optional;

/** A flood: more than {@code limit} requests from one address within the window; blocks it. */
final class FloodRule implements RequestRule {

    private final int limit;
    private final long windowMillis;
    private final WindowCounter requests;

    FloodRule(int limit, long windowMillis, int maxAddresses) {
        this.limit = limit;
        this.windowMillis = windowMillis;
        this.requests = new WindowCounter(windowMillis, maxAddresses);
    }

    @Override
    public Optional<Detection> observe(FinishedRequest request, long now) {
        int count = requests.add(request.address(), now);
        if (count <= limit) {
            return Optional.empty();
        }
        return Optional.of(new Detection("flood", request.address(),
                count + " requests from " + request.address() + " within " + windowMillis / 1000 + " s", true));
    }

    @Override
    public void forget(String address) {
        requests.forget(address);
    }

    @Override
    public void sweep(long now) {
        requests.sweep(now);
    }
}
