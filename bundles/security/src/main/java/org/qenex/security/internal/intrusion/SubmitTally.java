package org.qenex.security.internal.intrusion;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.StampedLock;

import org.qenex.api.http.ApiContext;
import org.qenex.security.internal.audit.AuditEntry;
import org.qenex.security.internal.audit.AuditTrail;

/**
 * Audits a high-volume kind of request (signed transfer submits) as one record per client,
 * status and interval instead of one per request.
 *
 * <p>Why: at the chain's 1,000 transfers/s, a record per submit was about 280 bytes and one
 * hash-chained append under the journal's lock for each (about 24 GB of log a day, and the
 * submit's own cost several times over; see docs/security.md, "Transfer submits"). The
 * transfers themselves are in the ledger, signed by their senders, which is stronger evidence
 * of who did what than the REST caller; the log keeps who sent how many, when, and how they were
 * answered.
 *
 * <p>Counting takes no exclusive lock: every submit of the node passes here, all of one client
 * under the same key, and one short lock held by a request thread the OS had just preempted made
 * dozens of others wait 20-60 ms in the first second of load after a start. Counts are adders in a
 * concurrent map; a count holds the lock's shared side, and a flush takes its exclusive side only to
 * swap the map, so it never loses a count.
 */
final class SubmitTally {

    private record Key(String actor, String address, String action, int status) {
    }

    private static final class Count {
        final LongAdder requests = new LongAdder();
        final LongAdder bodyBytes = new LongAdder();
        final LongAccumulator slowestNanos = new LongAccumulator(Math::max, 0);
    }

    private final AuditTrail audit;
    private final StampedLock swap = new StampedLock();
    /** Replaced, as {@link #since} is written, under the exclusive side of {@link #swap}; read under either side. */
    private Map<Key, Count> counts = new ConcurrentHashMap<>();
    private Instant since;

    SubmitTally(AuditTrail audit, Instant since) {
        this.audit = audit;
        this.since = since;
    }

    void count(FinishedRequest request) {
        Key key = new Key(request.user() == null ? "anonymous" : request.user(), request.address(),
                request.method() + " " + ApiContext.PATH + request.path(), request.status());
        long stamp = swap.readLock();
        try {
            Count count = counts.computeIfAbsent(key, k -> new Count());
            count.requests.increment();
            count.bodyBytes.add(request.bodyBytes());
            count.slowestNanos.accumulate(request.durationNanos());
        } finally {
            swap.unlockRead(stamp);
        }
    }

    /** Writes one record per client, request and status counted since the last flush, and starts counting anew. */
    void flush(Instant now) {
        Map<Key, Count> counted;
        Instant from;
        long stamp = swap.writeLock();
        try {
            from = since;
            since = now;
            if (counts.isEmpty()) {
                return;
            }
            counted = counts;
            counts = new ConcurrentHashMap<>();
        } finally {
            swap.unlockWrite(stamp);
        }
        counted.forEach((key, count) -> audit.record(new AuditEntry(key.actor(), "rest", key.address(), key.action(),
                String.valueOf(key.status()), count.requests.sum() + " requests from " + from + " to " + now
                        + " (summarised), body " + count.bodyBytes.sum() + " bytes in all, slowest took "
                        + count.slowestNanos.get() / 1_000_000 + " ms")));
    }
}
