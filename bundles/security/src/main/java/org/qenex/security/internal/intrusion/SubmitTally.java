package org.qenex.security.internal.intrusion;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

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
 * answered. Counting under one short lock: at these rates it is cheaper than anything cleverer,
 * and a flush never loses a count.
 */
final class SubmitTally {

    private record Key(String actor, String address, String action, int status) {
    }

    private static final class Count {
        long requests;
        long bodyBytes;
        long slowestNanos;
    }

    private final AuditTrail audit;
    private Map<Key, Count> counts = new HashMap<>();
    private Instant since;

    SubmitTally(AuditTrail audit, Instant since) {
        this.audit = audit;
        this.since = since;
    }

    void count(FinishedRequest request) {
        Key key = new Key(request.user() == null ? "anonymous" : request.user(), request.address(),
                request.method() + " " + ApiContext.PATH + request.path(), request.status());
        synchronized (this) {
            Count count = counts.computeIfAbsent(key, k -> new Count());
            count.requests++;
            count.bodyBytes += request.bodyBytes();
            count.slowestNanos = Math.max(count.slowestNanos, request.durationNanos());
        }
    }

    /** Writes one record per client, request and status counted since the last flush, and starts counting anew. */
    void flush(Instant now) {
        Map<Key, Count> counted;
        Instant from;
        synchronized (this) {
            if (counts.isEmpty()) {
                since = now;
                return;
            }
            counted = counts;
            from = since;
            counts = new HashMap<>();
            since = now;
        }
        counted.forEach((key, count) -> audit.record(new AuditEntry(key.actor(), "rest", key.address(), key.action(),
                String.valueOf(key.status()), count.requests + " requests from " + from + " to " + now
                        + " (summarised), body " + count.bodyBytes + " bytes in all, slowest took "
                        + count.slowestNanos / 1_000_000 + " ms")));
    }
}
