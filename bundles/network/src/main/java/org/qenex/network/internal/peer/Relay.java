package org.qenex.network.internal.peer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.qenex.api.chain.BlockExchange;
import org.qenex.api.chain.BlockExchange.BlockVerdict;
import org.qenex.api.chain.ChainView;
import org.qenex.api.network.SyncStatus;
import org.qenex.network.internal.wire.Hash;
import org.qenex.network.internal.wire.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Gossip and catch-up ({@code docs/network.md}): announces what the ledger's
 * {@link BlockExchange.Listener} reports, fetches what peers announce and this node lacks, serves
 * what peers ask for, and catches up by locator from several peers at once.
 *
 * <p>All bookkeeping runs on one thread (the relay's), so it needs no locks; ledger calls run on
 * their own threads (blocks imported in order on one, transactions admitted on another, peers'
 * requests served on a third), each behind a bounded queue, and report back to the relay's thread.
 * Nothing a peer sent is relayed: only what the ledger reports through its listener, after it
 * validated it.
 */
public final class Relay implements BlockExchange.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
    private static final long SWEEP_MILLIS = 1_000;
    private static final long FLUSH_MILLIS = 50;
    private static final int MAX_IMPORTING = 4;
    /** How long a stop waits for one ledger call in progress before it leaves it to finish alone. */
    static final Duration LEDGER_CALL_WAIT = Duration.ofSeconds(1);
    /** Transactions asked of one peer and not yet answered. */
    private static final int MAX_TRANSACTIONS_IN_FLIGHT = 5_000;
    /** Bytes of a peer's data messages waiting for the relay's thread before more are dropped. */
    private static final long MAX_INBOUND_BYTES_PER_PEER = 8L * 1024 * 1024;
    /** Rejections any honest node would have made too: they cost the sender. Others (nonce, balance, fee) do not. */
    private static final Set<String> CONSENSUS_INVALID_TRANSACTION = Set.of("bad_encoding", "wrong_chain_id",
            "tx_oversized", "amount_not_positive", "amount_overflow", "bad_signature");
    /** A block refused for a reason an honest peer can run into (its clock ahead of ours) does not cost it. */
    private static final Set<String> BENIGN_BLOCK_REASONS = Set.of("timestamp_too_far_ahead");

    private final RelaySettings settings;
    private final ChainView chain;
    private final Supplier<BlockExchange> exchange;
    private final PeerEvents events;

    // the relay thread's state
    private final Map<PeerConnection, PeerLedger> peers = new LinkedHashMap<>();
    private final Map<Hash, Request> requests = new HashMap<>();
    private final Map<Hash, ArrayDeque<PeerLedger>> alternatives = new HashMap<>();
    private final RecentSet<Hash> seen = new RecentSet<>(100_000);
    private final Catchup catchup = new Catchup();
    /** The same ledgers, for the event loops (inbound budgets) and tests; the relay thread uses {@code peers}. */
    private final Map<PeerConnection, PeerLedger> ledgers = new java.util.concurrent.ConcurrentHashMap<>();
    private int admitting;
    private String refusedBranch = "";

    private final PeerServer server;

    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private volatile SyncStatus status;
    private ScheduledExecutorService relay;
    private ExecutorService importer;
    private ExecutorService admitter;

    /** An outstanding GET_DATA item. */
    private record Request(Message.Kind kind, PeerLedger peer, long dueMillis, boolean catchup) {
    }

    Relay(RelaySettings settings, ChainView chain, Supplier<BlockExchange> exchange, PeerEvents events) {
        this.settings = settings;
        this.chain = chain;
        this.exchange = exchange;
        this.events = events;
        this.status = SyncStatus.idle(chain.height(), settings.maxBlocksBehind());
        this.server = new PeerServer(settings, chain, exchange);
    }

    synchronized void start() {
        relay = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("qenex-network-relay", true));
        importer = bounded("qenex-network-import", 64);
        admitter = bounded("qenex-network-admit", 256);
        server.start();
        relay.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the relay's threads within what is left of {@code deadline}. A ledger call in progress (an
     * import of a large block on a busy machine takes seconds) is not interrupted and not waited for
     * beyond the budget: it finishes in the background and its report is dropped.
     */
    synchronized void stop(StopDeadline deadline) {
        server.stop(deadline);
        try {
            for (ExecutorService e : new ExecutorService[] {relay, importer, admitter}) {
                if (!deadline.stopLedgerCalls(e, LEDGER_CALL_WAIT)) {
                    LOG.info("network: a ledger call was still running at stop; it finishes in the background");
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static ExecutorService bounded(String name, int queue) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue),
                new DefaultThreadFactory(name, true), new ThreadPoolExecutor.AbortPolicy());
    }

    /** Runs {@code task} on the relay's thread; dropped once stopped. */
    private void onRelay(Runnable task) {
        ScheduledExecutorService r = relay;
        if (r == null) {
            return;
        }
        try {
            r.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // a bug must not end the relay's thread: it is logged and the next event runs
                    LOG.error("network: relay failed", e);
                }
            });
        } catch (RejectedExecutionException stopped) {
            // stopping
        }
    }

    SyncStatus status() {
        return status;
    }

    // ---- from the engine (event loops) ----------------------------------------------------------

    void connected(PeerConnection connection) {
        Hash headHash = Hash.of(connection.peerHello().headHash());
        PeerLedger peer = new PeerLedger(connection, connection.peerHello().headHeight(), settings.blocksInFlightPerPeer());
        ledgers.put(connection, peer);
        onRelay(() -> {
            peer.known.add(headHash);
            peers.put(connection, peer);
            driveCatchup(System.currentTimeMillis());
            publishStatus();
            askMempools();
        });
    }

    void disconnected(PeerConnection connection) {
        ledgers.remove(connection);
        onRelay(() -> {
            PeerLedger peer = peers.remove(connection);
            if (peer == null) {
                return;
            }
            catchup.forget(peer);
            List<Hash> lost = new ArrayList<>();
            requests.forEach((hash, r) -> {
                if (r.peer() == peer) {
                    lost.add(hash);
                }
            });
            lost.forEach(hash -> retry(hash, requests.remove(hash)));
            alternatives.values().forEach(q -> q.remove(peer));
            driveCatchup(System.currentTimeMillis());
            publishStatus();
        });
    }

    /** A gossip or sync message from an established peer. */
    void message(PeerConnection connection, Message message) {
        long size = size(message);
        // A peer's data waiting for this thread is bounded: beyond it, its messages are dropped
        // (its requests then time out), so a fast sender cannot grow the heap.
        PeerLedger fast = null;
        if (size > 0) {
            fast = ledgerOf(connection);
            if (fast != null && fast.inboundBytes.addAndGet(size) > MAX_INBOUND_BYTES_PER_PEER) {
                fast.inboundBytes.addAndGet(-size);
                events.note(connection, "inbound backlog", "more than " + MAX_INBOUND_BYTES_PER_PEER
                        + " bytes of data waiting: dropped");
                return;
            }
        }
        PeerLedger counted = fast;
        onRelay(() -> {
            if (counted != null) {
                counted.inboundBytes.addAndGet(-size);
            }
            PeerLedger peer = peers.get(connection);
            if (peer == null) {
                return;
            }
            handle(peer, message);
        });
    }

    private PeerLedger ledgerOf(PeerConnection connection) {
        return ledgers.get(connection);
    }

    private static long size(Message message) {
        if (message instanceof Message.Block b) {
            return b.encoded().length;
        }
        if (message instanceof Message.Transactions t) {
            long total = 0;
            for (Message.TransactionData tx : t.transactions()) {
                total += tx.encoded().length + 32;
            }
            return total;
        }
        return 0;
    }

    // ---- the ledger's listener (the chain's thread) ---------------------------------------------

    @Override
    public void blockConnected(byte[] hash, long height, byte[] encoded) {
        Hash h = Hash.of(hash);
        server.cacheBlock(h, encoded);
        onRelay(() -> {
            seen.add(h);
            for (PeerLedger peer : peers.values()) {
                // a peer past this height has it or a longer branch: no announcement; one at this
                // height may hold a lighter block of the same height (fork choice weighs, it does not count)
                if (peer.head <= height && peer.known.add(h)) {
                    peer.inventory.add(new Message.Announcement(Message.Kind.BLOCK, h, height));
                }
            }
            // a new tip is announced at once (its propagation time is the network's latency); blocks
            // connected by a catch-up are batched like transactions, so a peer further behind is not flooded
            if (catchup.active()) {
                scheduleFlush();
            } else {
                flushInventory();
            }
            publishStatus();
        });
    }

    @Override
    public void transactionAdmitted(byte[] id, byte[] encoded) {
        Hash h = Hash.of(id);
        server.cacheTransaction(h, encoded);
        onRelay(() -> {
            seen.add(h);
            for (PeerLedger peer : peers.values()) {
                if (peer.known.add(h)) {
                    peer.inventory.add(new Message.Announcement(Message.Kind.TRANSACTION, h, 0));
                }
            }
            scheduleFlush();
        });
    }

    // ---- messages (relay thread) -----------------------------------------------------------------

    private void handle(PeerLedger peer, Message message) {
        if (message instanceof Message.Inventory inv) {
            inventory(peer, inv);
        } else if (message instanceof Message.GetData get) {
            serve(peer, get.items());
        } else if (message instanceof Message.NotFound missing) {
            for (Message.Item item : missing.items()) {
                Request r = requests.get(item.hash());
                if (r != null && r.peer() == peer) {
                    requests.remove(item.hash());
                    released(r);
                    if (r.catchup()) {
                        // it does not have this block: not a source for anything that high
                        Long height = catchup.height(item.hash());
                        peer.head = Math.min(peer.head, height == null ? peer.head : height - 1);
                    }
                    retry(item.hash(), r);
                }
            }
            driveCatchup(System.currentTimeMillis());
        } else if (message instanceof Message.Transactions txs) {
            transactions(peer, txs);
        } else if (message instanceof Message.Block block) {
            block(peer, block);
        } else if (message instanceof Message.GetBlocks get) {
            server.answerHashes(peer, get.locator());
        } else if (message instanceof Message.GetMempool) {
            announceMempool(peer);
        } else if (message instanceof Message.BlockHashes listed) {
            listed(peer, listed);
        }
        scheduleFlush();
    }

    private void inventory(PeerLedger peer, Message.Inventory inv) {
        BlockExchange ledger = exchange.get();
        long now = System.currentTimeMillis();
        long ourHeight = chain.height();
        boolean blockAsked = false;
        for (Message.Announcement item : inv.items()) {
            Hash hash = item.hash();
            peer.known.add(hash);
            if (item.kind() == Message.Kind.BLOCK) {
                peer.head = Math.max(peer.head, item.height());
            }
            if (ledger == null || seen.contains(hash)) {
                continue;
            }
            Request pending = requests.get(hash);
            if (pending != null) {
                alternative(hash, peer);
                continue;
            }
            if (item.kind() == Message.Kind.TRANSACTION) {
                // Not ledger.knowsTransaction here: it reads the store (is it in a block?), and a store
                // read waits while a large block's commit is applied, seconds on a busy node, during
                // which this thread would pass on nothing, blocks included. The admission thread asks
                // the ledger when the transaction arrives (KNOWN costs nothing); the seen-set keeps
                // what the ledger took from being fetched again.
                if (admitting > 20_000) {
                    continue;
                }
                ask(peer, item.kind(), hash, now, false);
            } else if (catchup.active()) {
                // the catch-up fetches it in order, or a later round does
                continue;
            } else if (item.height() <= ourHeight + 1) {
                ask(peer, item.kind(), hash, now, false);
                blockAsked = true;
            } else {
                startCatchup(peer, now);
            }
        }
        if (blockAsked) {
            // a new tip is asked for at once, not after the 50 ms batching of transactions
            flush();
        }
        publishStatus();
    }

    /**
     * Mempool exchange: once per connection, as soon as this node is not behind that peer (a node
     * still catching up could not admit transactions that spend what its missing blocks credit),
     * it asks for the peer's pending transactions; the answer is an ordinary announcement, so
     * what this node has seen or is fetching is not asked for again.
     */
    private void askMempools() {
        if (catchup.active() || exchange.get() == null) {
            return;
        }
        long height = chain.height();
        for (PeerLedger peer : peers.values()) {
            if (!peer.mempoolAsked && !peer.diverged && peer.head <= height) {
                peer.mempoolAsked = true;
                peer.connection.send(new Message.GetMempool());
            }
        }
    }

    /** Answers a peer's GET_MEMPOOL, once per connection: its pending ids the peer is not known to have. */
    private void announceMempool(PeerLedger peer) {
        BlockExchange ledger = exchange.get();
        if (peer.mempoolAnswered || ledger == null) {
            return;
        }
        peer.mempoolAnswered = true;
        for (byte[] id : ledger.pendingTransactionIds(Message.GetMempool.MAX_ANNOUNCED)) {
            Hash h = Hash.of(id);
            if (peer.known.add(h)) {
                peer.inventory.add(new Message.Announcement(Message.Kind.TRANSACTION, h, 0));
            }
        }
    }

    private void ask(PeerLedger peer, Message.Kind kind, Hash hash, long now, boolean forCatchup) {
        if (kind == Message.Kind.TRANSACTION && peer.transactionsInFlight >= MAX_TRANSACTIONS_IN_FLIGHT) {
            // a peer announcing faster than it answers is not asked for more: its requests stay bounded
            return;
        }
        requests.put(hash, new Request(kind, peer, now + settings.requestTimeout().toMillis(), forCatchup));
        peer.wanted.add(new Message.Item(kind, hash));
        if (forCatchup) {
            peer.blocksInFlight++;
        } else if (kind == Message.Kind.TRANSACTION) {
            peer.transactionsInFlight++;
        }
    }

    /** A request ended (answered, not found, timed out): its peer's counts go down. */
    private static void released(Request r) {
        if (r.catchup()) {
            r.peer().blocksInFlight--;
        } else if (r.kind() == Message.Kind.TRANSACTION) {
            r.peer().transactionsInFlight--;
        }
    }

    private void alternative(Hash hash, PeerLedger peer) {
        ArrayDeque<PeerLedger> others = alternatives.computeIfAbsent(hash, h -> new ArrayDeque<>());
        if (others.size() < 8 && !others.contains(peer)) {
            others.add(peer);
        }
    }

    /** A request that failed (timed out, not found, peer gone): ask another peer that announced it. */
    private void retry(Hash hash, Request failed) {
        if (failed == null) {
            return;
        }
        if (failed.catchup()) {
            catchup.unassign(hash, failed.peer());
            return;
        }
        ArrayDeque<PeerLedger> others = alternatives.get(hash);
        PeerLedger next = null;
        while (others != null && !others.isEmpty() && next == null) {
            PeerLedger candidate = others.poll();
            if (peers.containsValue(candidate)) {
                next = candidate;
            }
        }
        if (next != null) {
            ask(next, failed.kind(), hash, System.currentTimeMillis(), false);
        } else {
            alternatives.remove(hash);
        }
    }

    private boolean solicited(PeerLedger peer, Hash hash) {
        Request r = requests.get(hash);
        if (r != null && r.peer() == peer) {
            requests.remove(hash);
            alternatives.remove(hash);
            released(r);
            if (r.catchup()) {
                peer.window = settings.blocksInFlightPerPeer();
            }
            return true;
        }
        // a late answer to a request that timed out is still welcome, not unsolicited
        return peer.expired.remove(hash);
    }

    private void transactions(PeerLedger peer, Message.Transactions txs) {
        BlockExchange ledger = exchange.get();
        List<Message.TransactionData> accepted = new ArrayList<>();
        for (Message.TransactionData tx : txs.transactions()) {
            peer.known.add(tx.id());
            if (!solicited(peer, tx.id())) {
                events.offence(peer.connection, Offence.UNSOLICITED, "a transaction it was not asked for");
                return;
            }
            if (seen.add(tx.id())) {
                accepted.add(tx);
            }
        }
        if (ledger == null || accepted.isEmpty()) {
            return;
        }
        admitting += accepted.size();
        try {
            admitter.execute(() -> admit(ledger, peer, accepted));
        } catch (RejectedExecutionException full) {
            admitting -= accepted.size();
            // not admitted: forget them so that another announcement can bring them again
            accepted.forEach(tx -> seen.remove(tx.id()));
        }
    }

    /** On the admitter's thread. */
    private void admit(BlockExchange ledger, PeerLedger peer, List<Message.TransactionData> txs) {
        List<String> offences = new ArrayList<>();
        List<Hash> notYet = new ArrayList<>();
        // the whole message at once: the ledger waits for the store once for all of them, not once each
        List<BlockExchange.TransactionAdmission> verdicts = ledger.admitTransactions(
                txs.stream().map(Message.TransactionData::encoded).toList());
        for (int i = 0; i < txs.size(); i++) {
            Message.TransactionData tx = txs.get(i);
            BlockExchange.TransactionAdmission verdict = verdicts.get(i);
            if (verdict.verdict() == BlockExchange.TransactionVerdict.REJECTED) {
                if (CONSENSUS_INVALID_TRANSACTION.contains(verdict.reason())) {
                    offences.add(tx.id() + ": " + verdict.reason());
                } else {
                    // refused for this node's state (a nonce or balance its missing blocks would
                    // give): not seen, so that a later announcement may bring it again
                    notYet.add(tx.id());
                }
            } else if (!ledger.knowsTransaction(tx.id().bytes())) {
                // valid, but not the transaction its id names
                offences.add(tx.id() + ": not the transaction of that id");
            }
        }
        onRelay(() -> {
            admitting -= txs.size();
            notYet.forEach(seen::remove);
            if (!offences.isEmpty() && peers.get(peer.connection) == peer) {
                events.offence(peer.connection, Offence.INVALID_TRANSACTION, offences.get(0));
            }
        });
    }

    private void block(PeerLedger peer, Message.Block block) {
        Hash hash = block.hash();
        peer.known.add(hash);
        if (!solicited(peer, hash)) {
            events.offence(peer.connection, Offence.UNSOLICITED, "block " + hash + " it was not asked for");
            return;
        }
        BlockExchange ledger = exchange.get();
        if (ledger == null) {
            return;
        }
        if (catchup.received(hash, block.encoded(), peer)) {
            pumpImports(ledger);
        } else if (!seen.contains(hash)) {
            submitImport(ledger, hash, block.encoded(), peer, -1);
        }
        driveCatchup(System.currentTimeMillis());
    }

    private void pumpImports(BlockExchange ledger) {
        Catchup.Received next;
        while ((next = catchup.nextToImport(MAX_IMPORTING)) != null) {
            submitImport(ledger, next.hash(), next.encoded(), next.from(), catchup.generation());
        }
    }

    /** {@code generation} -1 for a gossiped block, else the catch-up plan it belongs to. */
    private void submitImport(BlockExchange ledger, Hash hash, byte[] encoded, PeerLedger from, int generation) {
        try {
            importer.execute(() -> {
                BlockExchange.BlockImport verdict = ledger.importBlock(encoded);
                boolean stored = switch (verdict.verdict()) {
                    case EXTENDED, REORGANISED, SIDE_BRANCH, ALREADY_KNOWN -> ledger.block(hash.bytes()).isPresent();
                    default -> true;
                };
                onRelay(() -> imported(hash, from, generation, verdict, stored));
            });
        } catch (RejectedExecutionException full) {
            if (generation >= 0 && generation == catchup.generation()) {
                catchup.reset();
            }
        }
    }

    private void imported(Hash hash, PeerLedger from, int generation, BlockExchange.BlockImport verdict, boolean stored) {
        long now = System.currentTimeMillis();
        boolean current = generation >= 0 && generation == catchup.generation();
        boolean connected = peers.get(from.connection) == from;
        BlockVerdict v = verdict.verdict();
        boolean good = v == BlockVerdict.EXTENDED || v == BlockVerdict.REORGANISED || v == BlockVerdict.SIDE_BRANCH
                || v == BlockVerdict.ALREADY_KNOWN;
        if (good && !stored) {
            if (connected) {
                events.offence(from.connection, Offence.INVALID_BLOCK, "block sent as " + hash + " has another hash");
            }
            good = false;
        }
        if (good) {
            seen.add(hash);
            if (current) {
                catchup.importedOne(now);
                pumpImports(exchange.get());
            }
        } else if (v == BlockVerdict.INVALID) {
            if (BENIGN_BLOCK_REASONS.contains(verdict.reason())) {
                events.note(from.connection, "block refused: " + verdict.reason(), "block " + hash + " (not counted against it)");
            } else if (connected) {
                events.offence(from.connection, Offence.INVALID_BLOCK, "block " + hash + ": " + verdict.reason());
            }
            if (current) {
                catchup.reset();
            }
        } else if (v == BlockVerdict.TOO_DEEP) {
            from.diverged = true;
            refusedBranch = "peer " + from.connection.remote() + " (key " + from.connection.peerKeyHex() + "): its branch at block "
                    + hash + " would reorganise deeper than the finality depth (" + verdict.reason() + ")";
            events.note(from.connection, "branch too deep", refusedBranch + "; not followed, not banned");
            if (current) {
                catchup.reset();
            }
        } else if (v == BlockVerdict.DEFERRED) {
            // no verdict: this node cannot check a proof in it yet; not seen, so it is taken again when it comes again
            events.note(from.connection, "block deferred", "block " + hash + ": " + verdict.reason() + " (not counted against it)");
            if (current) {
                catchup.reset();
            }
        } else if (v == BlockVerdict.ORPHAN) {
            if (generation < 0 && connected) {
                // announced on top of blocks this node lacks: catch up from that peer
                startCatchup(from, now);
            } else if (current) {
                catchup.reset();
            }
        }
        driveCatchup(now);
        publishStatus();
    }

    // ---- catch-up ----------------------------------------------------------------------------------

    private void startCatchup(PeerLedger from, long now) {
        BlockExchange ledger = exchange.get();
        if (ledger == null || catchup.active() || from.diverged || from.hashesDueMillis != 0) {
            return;
        }
        catchup.start(from);
        askHashes(from, locator(ledger, null), now);
    }

    private static List<Hash> locator(BlockExchange ledger, Hash first) {
        List<Hash> locator = new ArrayList<>();
        if (first != null) {
            locator.add(first);
        }
        for (byte[] hash : ledger.locator()) {
            if (locator.size() == Message.GetBlocks.MAX_LOCATOR) {
                break;
            }
            locator.add(Hash.of(hash));
        }
        return locator;
    }

    private void askHashes(PeerLedger source, List<Hash> locator, long now) {
        source.hashesDueMillis = now + settings.requestTimeout().toMillis();
        source.connection.send(new Message.GetBlocks(locator));
    }

    private void listed(PeerLedger peer, Message.BlockHashes listed) {
        if (peer.hashesDueMillis == 0) {
            if (!peer.hashesLate) {
                events.offence(peer.connection, Offence.UNSOLICITED, "block hashes it was not asked for");
            }
            // a late answer (its request timed out and was counted as a stall) is dropped, not held against it
            peer.hashesLate = false;
            return;
        }
        peer.hashesDueMillis = 0;
        long now = System.currentTimeMillis();
        if (catchup.source() != peer) {
            return;
        }
        long last = listed.firstHeight() + listed.hashes().size() - 1;
        if (listed.hashes().isEmpty()) {
            // nothing after our locator: it is not ahead of us, whatever it announced
            peer.head = Math.min(Math.max(listed.headHeight(), 0), chain.height());
        } else {
            peer.head = Math.max(peer.head, Math.max(listed.headHeight(), last));
        }
        boolean more = listed.hashes().size() == Message.BlockHashes.MAX_HASHES || last < listed.headHeight();
        // blocks connected here meanwhile (by gossip) are not fetched again
        List<Hash> hashes = listed.hashes();
        long first = listed.firstHeight();
        int skip = 0;
        while (catchup.fresh() && skip < hashes.size() && seen.contains(hashes.get(skip)) && first + skip <= chain.height()) {
            skip++;
        }
        if (!catchup.listed(first + skip, hashes.subList(skip, hashes.size()), more)) {
            catchup.reset();
        } else if (catchup.drained() && (!more || skip == hashes.size())) {
            // nothing (left) to fetch: the next sweep starts over from the new head if a peer is still ahead
            catchup.reset();
        }
        driveCatchup(now);
        publishStatus();
    }

    private void driveCatchup(long now) {
        driveCatchup(now, 1);
    }

    /**
     * Picks a source if a peer is more than {@code slack} blocks ahead, asks for more hashes when the
     * plan runs low, fills every peer's window. One block ahead is what gossip fetches on its own
     * (the new tip, asked for when announced): the sweep starts a catch-up for it only if it is still
     * missing a second later.
     */
    private void driveCatchup(long now, int slack) {
        BlockExchange ledger = exchange.get();
        if (ledger == null) {
            return;
        }
        if (!catchup.active()) {
            PeerLedger best = best(now);
            if (best != null && best.head > chain.height() + slack) {
                startCatchup(best, now);
            }
            return;
        }
        PeerLedger source = catchup.source();
        Hash from = catchup.refillFrom();
        if (from != null && source.hashesDueMillis == 0) {
            catchup.refillAsked();
            askHashes(source, locator(ledger, from), now);
        }
        List<PeerLedger> able = new ArrayList<>();
        for (PeerLedger p : peers.values()) {
            if (!p.diverged) {
                able.add(p);
            }
        }
        // the least busy first, so the window spreads over every peer that has the blocks
        able.sort((a, b) -> Integer.compare(a.blocksInFlight, b.blocksInFlight));
        for (PeerLedger p : able) {
            int free = p.window - p.blocksInFlight;
            if (free <= 0) {
                continue;
            }
            for (Hash hash : catchup.assign(p, free, able.size() > 1)) {
                ask(p, Message.Kind.BLOCK, hash, now, true);
            }
        }
        scheduleFlush();
    }

    private PeerLedger best(long now) {
        PeerLedger best = null;
        for (PeerLedger p : peers.values()) {
            if (!p.diverged && p.avoidUntilMillis <= now && (best == null || p.head > best.head)) {
                best = p;
            }
        }
        return best;
    }

    private void serve(PeerLedger peer, List<Message.Item> items) {
        items.forEach(item -> peer.known.add(item.hash()));
        server.answer(peer, items);
    }

    // ---- timers (relay thread) ---------------------------------------------------------------------

    private void scheduleFlush() {
        ScheduledExecutorService r = relay;
        if (r != null && flushScheduled.compareAndSet(false, true)) {
            try {
                // announcements and requests are batched for 50 ms: 1,000 transactions a second
                // cost each peer about 20 messages a second, far below the flood limit
                r.schedule(() -> onRelay(this::flush), FLUSH_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopped) {
                flushScheduled.set(false);
            }
        }
    }

    private void flush() {
        flushScheduled.set(false);
        flushInventory();
        for (PeerLedger peer : peers.values()) {
            if (!peer.wanted.isEmpty()) {
                for (int i = 0; i < peer.wanted.size(); i += Message.MAX_ITEMS) {
                    peer.connection.send(new Message.GetData(
                            new ArrayList<>(peer.wanted.subList(i, Math.min(peer.wanted.size(), i + Message.MAX_ITEMS)))));
                }
                peer.wanted.clear();
            }
        }
    }

    private void flushInventory() {
        for (PeerLedger peer : peers.values()) {
            if (!peer.inventory.isEmpty()) {
                for (int i = 0; i < peer.inventory.size(); i += Message.MAX_ITEMS) {
                    List<Message.Announcement> chunk = new ArrayList<>(
                            peer.inventory.subList(i, Math.min(peer.inventory.size(), i + Message.MAX_ITEMS)));
                    if (peer.connection.send(new Message.Inventory(chunk))) {
                        peer.inventorySent.addAndGet(chunk.size());
                    }
                }
                peer.inventory.clear();
            }
        }
    }

    /** Every second: requests past their timeout go to another peer and count as a stall. */
    private void sweep() {
        try {
            long now = System.currentTimeMillis();
            peers.values().forEach(p -> p.stalledThisSweep = false);
            List<Map.Entry<Hash, Request>> late = new ArrayList<>();
            for (Map.Entry<Hash, Request> e : requests.entrySet()) {
                if (e.getValue().dueMillis() <= now) {
                    late.add(e);
                }
            }
            for (Map.Entry<Hash, Request> e : late) {
                Request r = e.getValue();
                requests.remove(e.getKey());
                PeerLedger peer = r.peer();
                peer.expired.add(e.getKey());
                released(r);
                if (r.catchup()) {
                    // a slow peer gets one block at a time until it delivers again
                    peer.window = 1;
                }
                stall(peer, "no answer to a request for " + r.kind().name().toLowerCase() + " " + e.getKey() + " within "
                        + settings.requestTimeout().toMillis() + " ms");
                retry(e.getKey(), r);
            }
            for (PeerLedger peer : peers.values()) {
                if (peer.hashesDueMillis != 0 && peer.hashesDueMillis <= now) {
                    peer.hashesDueMillis = 0;
                    peer.hashesLate = true;
                    peer.avoidUntilMillis = now + 60_000;
                    stall(peer, "no answer to GET_BLOCKS within " + settings.requestTimeout().toMillis() + " ms");
                    if (catchup.source() == peer) {
                        catchup.reset();
                    }
                }
            }
            driveCatchup(now, 0);
            publishStatus();
            askMempools();
        } catch (RuntimeException e) {
            LOG.error("network: relay sweep failed", e);
        }
    }

    private void stall(PeerLedger peer, String detail) {
        if (!peer.stalledThisSweep && peers.get(peer.connection) == peer) {
            peer.stalledThisSweep = true;
            events.offence(peer.connection, Offence.STALL, detail);
        }
    }

    private void publishStatus() {
        long now = System.currentTimeMillis();
        long height = chain.height();
        long target = height;
        for (PeerLedger p : peers.values()) {
            if (!p.diverged) {
                target = Math.max(target, p.head);
            }
        }
        double rate = catchup.rate(now);
        long behind = target - height;
        long eta = rate > 0 && behind > 0 ? (long) Math.ceil(behind / rate) : -1;
        status = new SyncStatus(behind <= settings.maxBlocksBehind(), catchup.active(), height, target, rate, eta,
                settings.maxBlocksBehind(), refusedBranch);
    }

    // ---- what tests read ---------------------------------------------------------------------------

    /** Per peer key: inventory items, transactions and blocks sent to it. */
    Map<String, long[]> sentByPeer() {
        Map<String, long[]> sent = new HashMap<>();
        for (PeerLedger p : ledgers.values()) {
            sent.put(p.connection.peerKeyHex(), new long[] {p.inventorySent.get(), p.transactionsSent.get(), p.blocksSent.get()});
        }
        return Collections.unmodifiableMap(sent);
    }
}
