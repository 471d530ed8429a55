package org.qenex.network.internal.peer;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.qenex.network.internal.wire.Hash;

/**
 * The plan of one catch-up: the main-chain hashes a source peer listed (by height), which of them
 * are asked of which peer, the blocks received ahead of the importer (bounded), and the rate. Owned
 * by the relay's thread; no I/O here, so the planning is tested on its own.
 */
final class Catchup {

    /** A block received, waiting for its parent's import. */
    record Received(Hash hash, byte[] encoded, PeerLedger from) {
    }

    /** The most blocks asked for or held ahead of the next one to import. */
    static final int MAX_AHEAD = 512;
    /** The most bytes of blocks held ahead of the importer. */
    static final long MAX_READY_BYTES = 64L * 1024 * 1024;
    /** Ask the source for the next hashes when fewer than this many are left to fetch. */
    static final int REFILL_BELOW = 250;
    private static final long RATE_WINDOW_MILLIS = 10_000;

    private final TreeMap<Long, Hash> wanted = new TreeMap<>();
    private final Map<Hash, Long> heights = new HashMap<>();
    private final Map<Long, PeerLedger> assigned = new HashMap<>();
    private final Map<Long, PeerLedger> stalledBy = new HashMap<>();
    private final TreeMap<Long, Received> ready = new TreeMap<>();
    private final ArrayDeque<long[]> imported = new ArrayDeque<>();
    private long readyBytes;
    private PeerLedger source;
    private long nextImport;
    private long lastListed;
    private Hash lastListedHash;
    private boolean moreListed;
    private int importing;
    private int generation;

    boolean active() {
        return source != null;
    }

    PeerLedger source() {
        return source;
    }

    /** Changes with every start and reset: import results of an abandoned plan are told apart. */
    int generation() {
        return generation;
    }

    /** Whether nothing was listed yet in this plan. */
    boolean fresh() {
        return lastListedHash == null;
    }

    void start(PeerLedger from) {
        reset();
        source = from;
    }

    /** Forgets the plan (the source left, stalled, or sent a block that did not fit). */
    void reset() {
        wanted.clear();
        heights.clear();
        assigned.clear();
        stalledBy.clear();
        ready.clear();
        readyBytes = 0;
        source = null;
        nextImport = 0;
        lastListed = 0;
        lastListedHash = null;
        moreListed = false;
        importing = 0;
        generation++;
    }

    /**
     * The source listed {@code hashes} from {@code firstHeight}; false if they do not continue the
     * plan (the source reorganised meanwhile), and the plan must start over.
     */
    boolean listed(long firstHeight, java.util.List<Hash> hashes, boolean more) {
        if (lastListedHash != null && firstHeight != lastListed + 1) {
            return false;
        }
        if (nextImport == 0) {
            nextImport = firstHeight;
        }
        long height = firstHeight;
        for (Hash hash : hashes) {
            wanted.put(height, hash);
            heights.put(hash, height);
            height++;
        }
        if (!hashes.isEmpty()) {
            lastListed = height - 1;
            lastListedHash = hashes.get(hashes.size() - 1);
        }
        moreListed = more && !hashes.isEmpty();
        return true;
    }

    /** The hash to continue the listing from, when the plan runs low and the source has more; else null. */
    Hash refillFrom() {
        return moreListed && wanted.size() + ready.size() < REFILL_BELOW ? lastListedHash : null;
    }

    void refillAsked() {
        moreListed = false;
    }

    /** The height of a hash of the plan, or null. */
    Long height(Hash hash) {
        return heights.get(hash);
    }

    /** Hashes to ask {@code peer} for now, in height order, and marks them asked. */
    java.util.List<Hash> assign(PeerLedger peer, int free, boolean othersAvailable) {
        java.util.List<Hash> batch = new java.util.ArrayList<>();
        if (readyBytes >= MAX_READY_BYTES) {
            return batch;
        }
        for (Map.Entry<Long, Hash> e : wanted.entrySet()) {
            long height = e.getKey();
            if (batch.size() >= free || height > peer.head || height >= nextImport + MAX_AHEAD) {
                break;
            }
            if (assigned.containsKey(height) || (othersAvailable && stalledBy.get(height) == peer)) {
                continue;
            }
            assigned.put(height, peer);
            batch.add(e.getValue());
        }
        return batch;
    }

    /** A request for {@code hash} to {@code peer} went unanswered or not found: ask someone else. */
    void unassign(Hash hash, PeerLedger peer) {
        Long height = heights.get(hash);
        if (height != null && assigned.get(height) == peer) {
            assigned.remove(height);
            stalledBy.put(height, peer);
        }
    }

    /** Every request to a peer that left. */
    void forget(PeerLedger peer) {
        assigned.values().removeIf(p -> p == peer);
        stalledBy.values().removeIf(p -> p == peer);
        if (source == peer) {
            reset();
        }
    }

    /** A block of the plan arrived; false if it is not (or no longer) wanted. */
    boolean received(Hash hash, byte[] encoded, PeerLedger from) {
        Long height = heights.get(hash);
        if (height == null || !wanted.containsKey(height)) {
            return false;
        }
        wanted.remove(height);
        assigned.remove(height);
        stalledBy.remove(height);
        ready.put(height, new Received(hash, encoded, from));
        readyBytes += encoded.length;
        return true;
    }

    /** The next block to import, in height order, if it has arrived; counts it as importing. */
    Received nextToImport(int maxImporting) {
        if (importing >= maxImporting) {
            return null;
        }
        Received next = ready.remove(nextImport);
        if (next == null) {
            return null;
        }
        readyBytes -= next.encoded().length;
        heights.remove(next.hash());
        nextImport++;
        importing++;
        return next;
    }

    /** A block of the plan was imported; the plan ends when nothing is left and the source has no more. */
    void importedOne(long now) {
        importing--;
        imported.addLast(new long[] {now});
        while (!imported.isEmpty() && imported.peekFirst()[0] < now - RATE_WINDOW_MILLIS) {
            imported.removeFirst();
        }
        if (wanted.isEmpty() && ready.isEmpty() && importing == 0 && !moreListed) {
            source = null;
        }
    }

    /** Whether the plan has nothing left to fetch or import. */
    boolean drained() {
        return wanted.isEmpty() && ready.isEmpty() && importing == 0;
    }

    /** Blocks imported per second over the last 10 s. */
    double rate(long now) {
        while (!imported.isEmpty() && imported.peekFirst()[0] < now - RATE_WINDOW_MILLIS) {
            imported.removeFirst();
        }
        if (imported.isEmpty()) {
            return 0;
        }
        long span = Math.max(1_000, now - imported.peekFirst()[0]);
        return imported.size() * 1000.0 / span;
    }

    int wantedCount() {
        return wanted.size();
    }
}
