package org.qenex.chain.internal.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets for unauthenticated requests (submissions, public reads): one per client address and
 * one for all clients. The per-client table is bounded; the least recently seen clients are
 * forgotten first.
 */
final class ClientRateLimiter {

    private static final int MAX_CLIENTS = 10_000;

    private final double perClientRate;
    private final double totalRate;
    private final Bucket total;
    private final Map<String, Bucket> clients = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    ClientRateLimiter(double perClientPerSecond, double totalPerSecond) {
        this.perClientRate = perClientPerSecond;
        this.totalRate = totalPerSecond;
        this.total = new Bucket(totalPerSecond);
    }

    /** Whether {@code client} may submit now at {@code nanos}; takes a token from both buckets if so. */
    boolean tryAcquire(String client, long nanos) {
        return tryAcquire(client, nanos, 1);
    }

    /**
     * Whether {@code client} may submit {@code permits} at once now at {@code nanos} (a batch); takes
     * them from both buckets if so, none otherwise. A batch larger than a bucket's burst never passes.
     */
    synchronized boolean tryAcquire(String client, long nanos, int permits) {
        Bucket own = clients.computeIfAbsent(client, c -> new Bucket(perClientRate));
        own.refill(nanos, perClientRate);
        total.refill(nanos, totalRate);
        if (own.tokens < permits || total.tokens < permits) {
            return false;
        }
        own.tokens -= permits;
        total.tokens -= permits;
        return true;
    }

    private static final class Bucket {
        double tokens;
        long last = Long.MIN_VALUE;

        Bucket(double burst) {
            this.tokens = burst;
        }

        void refill(long nanos, double rate) {
            if (last != Long.MIN_VALUE) {
                tokens = Math.min(rate, tokens + (nanos - last) * rate / 1e9);
            }
            last = nanos;
        }
    }
}
