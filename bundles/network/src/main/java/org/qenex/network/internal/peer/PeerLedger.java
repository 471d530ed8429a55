package org.qenex.network.internal.peer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.qenex.network.internal.wire.Hash;
import org.qenex.network.internal.wire.Message;

/**
 * What the relay knows of one established peer: the hashes it has (so nothing is announced or sent
 * to it twice), its head, what it was asked and what is queued for it. Owned by the relay's
 * thread, except the counters, which tests and the status read.
 */
final class PeerLedger {

    /**
     * Hashes remembered per peer (about 4 MB at most): half a minute of 1,000 transactions per
     * second. The ledger reports each item once, so an item forgotten here is not announced again.
     */
    static final int KNOWN_CAPACITY = 32_768;

    final PeerConnection connection;
    final RecentSet<Hash> known = new RecentSet<>(KNOWN_CAPACITY);
    /** Requests that timed out: a late answer is accepted, not taken as unsolicited. */
    final RecentSet<Hash> expired = new RecentSet<>(4096);
    final List<Message.Announcement> inventory = new ArrayList<>();
    final List<Message.Item> wanted = new ArrayList<>();
    long head;
    int blocksInFlight;
    int transactionsInFlight;
    int window;
    /** When its GET_BLOCKS answer is due, 0 when none is outstanding. */
    long hashesDueMillis;
    /** Its GET_BLOCKS timed out: one late answer is dropped without counting against it. */
    boolean hashesLate;
    /** Until when it is not chosen as the catch-up's source after a stall. */
    long avoidUntilMillis;
    /** Its branch forks deeper than the finality depth: not a source, not a target. */
    boolean diverged;
    /** Requests it stalled in the sweep under way (one STALL offence per sweep). */
    boolean stalledThisSweep;
    /** This node asked it for its pending transactions (once per connection, once in sync with it). */
    boolean mempoolAsked;
    /** It asked for this node's pending transactions: answered once per connection. */
    boolean mempoolAnswered;

    final AtomicLong inboundBytes = new AtomicLong();
    final AtomicInteger serving = new AtomicInteger();
    final AtomicLong inventorySent = new AtomicLong();
    final AtomicLong transactionsSent = new AtomicLong();
    final AtomicLong blocksSent = new AtomicLong();

    PeerLedger(PeerConnection connection, long head, int window) {
        this.connection = connection;
        this.head = head;
        this.window = window;
    }
}
