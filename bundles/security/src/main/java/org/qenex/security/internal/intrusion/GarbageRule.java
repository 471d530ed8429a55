package org.qenex.security.internal.intrusion;

import java.util.Optional;

/**
 * A client sending garbage: {@code limit} requests from one address answered 400, 411, 413, 415
 * or 422 (malformed, oversized or unreadable bodies) within the window; blocks it.
 */
final class GarbageRule implements RequestRule {

    private final int limit;
    private final long windowMillis;
    private final WindowCounter rejected;

    GarbageRule(int limit, long windowMillis, int maxAddresses) {
        this.limit = limit;
        this.windowMillis = windowMillis;
        this.rejected = new WindowCounter(windowMillis, maxAddresses);
    }

    static boolean isGarbage(int status) {
        return status == 400 || status == 411 || status == 413 || status == 415 || status == 422;
    }

    @Override
    public Optional<Detection> observe(FinishedRequest request, long now) {
        if (!isGarbage(request.status())) {
            return Optional.empty();
        }
        int count = rejected.add(request.address(), now);
        if (count < limit) {
            return Optional.empty();
        }
        return Optional.of(new Detection("garbage", request.address(), count + " malformed requests from "
                + request.address() + " within " + windowMillis / 1000 + " s (last: " + request.method() + " "
                + request.path() + " -> " + request.status() + ")", true));
    }

    @Override
    public void forget(String address) {
        rejected.forget(address);
    }

    @Override
    public void sweep(long now) {
        rejected.sweep(now);
    }
}
