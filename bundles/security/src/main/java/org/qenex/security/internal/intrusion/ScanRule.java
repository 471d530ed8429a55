package org.qenex.security.internal.intrusion;

import java.util.Optional;

/** A scan: {@code limit} distinct paths answered 404 or 405 to one address within the window; blocks it. */
final class ScanRule implements RequestRule {

    private final int limit;
    private final long windowMillis;
    private final DistinctCounter paths;

    ScanRule(int limit, long windowMillis, int maxAddresses) {
        this.limit = limit;
        this.windowMillis = windowMillis;
        this.paths = new DistinctCounter(windowMillis, maxAddresses, limit + 1);
    }

    @Override
    public Optional<Detection> observe(FinishedRequest request, long now) {
        if (request.status() != 404 && request.status() != 405) {
            return Optional.empty();
        }
        int distinct = paths.add(request.address(), request.method() + " " + request.path(), now);
        if (distinct < limit) {
            return Optional.empty();
        }
        return Optional.of(new Detection("scan", request.address(), distinct + " distinct unknown paths or methods from "
                + request.address() + " within " + windowMillis / 1000 + " s (last: " + request.method() + " "
                + request.path() + ")", true));
    }

    @Override
    public void forget(String address) {
        paths.forget(address);
    }

    @Override
    public void sweep(long now) {
        paths.sweep(now);
    }
}
