package org.qenex.chain.internal.http;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token buckets for unauthenticated requests (submissions, public reads): one per client address and
 * one for all clients, each a second's worth of requests deep. The per-client table is bounded.
 *
 * <p>Without a lock: every request of the node passes here, and a lock held by a thread the OS has
 * just preempted stalls all the others (seen as 20-130 ms waits on the limiter's monitor in the first
 * second of load after a start, the machine's two cores saturated). A bucket is one atomic number,
 * its theoretical arrival time (the generic cell rate algorithm of ATM networks, which admits exactly
 * what a token bucket of the same rate and depth admits): the moment the bucket will be full again.
 * A request of {@code n} moves it {@code n} intervals later, from now if the bucket is full, and
 * passes if that stays within a second of now.
 */
final class ClientRateLimiter {

    private static final int MAX_CLIENTS = 10_000;

    private final Bucket total;
    private final double perClientRate;
    private final ConcurrentHashMap<String, Bucket> clients = new ConcurrentHashMap<>();

    ClientRateLimiter(double perClientPerSecond, double totalPerSecond) {
        this.perClientRate = perClientPerSecond;
        this.total = new Bucket(totalPerSecond);
    }

    /** Whether {@code client} may submit now at {@code nanos}; takes a token from both buckets if so. */
    boolean tryAcquire(String client, long nanos) {
        return tryAcquire(client, nanos, 1);
    }

    /**
     * Whether {@code client} may submit {@code permits} at once now at {@code nanos} (a batch); takes
     * them from both buckets if so, none otherwise. A batch larger than a bucket's depth never passes.
     */
    boolean tryAcquire(String client, long nanos, int permits) {
        Bucket own = clients.get(client);
        if (own == null) {
            if (clients.size() >= MAX_CLIENTS) {
                forgetFullBuckets(nanos);
            }
            own = clients.computeIfAbsent(client, c -> new Bucket(perClientRate));
        }
        if (!own.take(nanos, permits)) {
            return false;
        }
        if (!total.take(nanos, permits)) {
            own.giveBack(permits);
            return false;
        }
        return true;
    }

    /**
     * Makes room in the client table: a full bucket admits what a new one would, so forgetting it
     * changes nothing; if too few are full (more busy clients than the table holds), others are
     * forgotten too, as the least recently seen were before, and those clients start full again.
     * Down to nine tenths of the table, so that a flood of new addresses pays for one pass over the
     * table per thousand of them, not one each.
     */
    private void forgetFullBuckets(long nanos) {
        clients.values().removeIf(b -> b.isFullAt(nanos));
        Iterator<Bucket> any = clients.values().iterator();
        while (clients.size() > MAX_CLIENTS - MAX_CLIENTS / 10 && any.hasNext()) {
            any.next();
            any.remove();
        }
    }

    /** {@code size()} of the client table, for tests. */
    int clients() {
        return clients.size();
    }

    private static final class Bucket {
        /** Nanoseconds a token takes to come back; 0 for a rate of 0 or less: nothing passes. */
        private final long interval;
        /** A second's worth of tokens in nanoseconds: the rate times the rounded interval, so a whole second's batch passes. */
        private final long depth;
        /** When the bucket is full again (the theoretical arrival time); {@code Long.MIN_VALUE}: never used. */
        private final AtomicLong fullAt = new AtomicLong(Long.MIN_VALUE);

        Bucket(double perSecond) {
            this.interval = perSecond > 0 ? Math.max(1, Math.round(1e9 / perSecond)) : 0;
            this.depth = Math.round(perSecond * interval);
        }

        boolean take(long nanos, int permits) {
            if (interval == 0) {
                return false;
            }
            if (permits <= 0) {
                return true;
            }
            long cost = permits * interval;
            while (true) {
                long was = fullAt.get();
                long from = was == Long.MIN_VALUE || was - nanos < 0 ? nanos : was;
                long next = from + cost;
                if (next - nanos > depth) {
                    return false;
                }
                if (fullAt.compareAndSet(was, next)) {
                    return true;
                }
            }
        }

        /** Undoes a {@link #take} whose other bucket refused. */
        void giveBack(int permits) {
            fullAt.addAndGet(-permits * interval);
        }

        boolean isFullAt(long nanos) {
            long at = fullAt.get();
            return at == Long.MIN_VALUE || at - nanos <= 0;
        }
    }
}
