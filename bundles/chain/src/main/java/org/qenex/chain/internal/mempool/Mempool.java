package org.qenex.chain.internal.mempool;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import org.qenex.api.storage.KeyValue;
import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.consensus.TransactionRules;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.error.ChainError;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.ledger.Blockchain;
import org.qenex.chain.internal.ledger.ChainListener;
import org.qenex.chain.internal.state.Account;
import org.qenex.chain.internal.state.LedgerView;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;
import org.qenex.chain.internal.tx.TransactionKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transactions waiting for a block. Admission checks what a block would (signatures through the
 * shared cache, so a block does not verify them again), and per sender only the next nonces in a
 * row whose total cost the balance covers. Bounded in total and per sender; when full, a
 * transaction paying a higher fee than the cheapest last-in-line transaction replaces it.
 * Blocks take transactions in fee order, each sender's in nonce order.
 *
 * <p>Durable: {@link #admit} returns only once the transaction is in the store ({@link DurablePool});
 * the transactions a block includes are deleted from it after the block, a few hundred with each
 * later group ({@link DurablePool#settle}), and {@link #restore()} reloads the rest at start, checked
 * again against the state and the chain's index (so one a crash left behind is not pending twice).
 * Transactions relayed by peers ({@link #admitRelayed}) are held in memory only: the node that
 * acknowledged each keeps it durable.
 *
 * <p>Concurrency: every rule of an admission but the global bound concerns one sender, so each
 * sender's line has its own monitor and admissions of different senders run side by side (one
 * mempool-wide monitor made them take turns: JFR showed 23 s of waits in 45 s at 1,000 REST
 * submissions/s). The global bound is an atomic count. What spans senders takes the mempool's
 * {@code shape} lock exclusively: an admission into a full mempool (it may evict another sender's
 * transaction), a new head, and the start-up reload. Admissions, removals and block assembly's
 * {@link #select} share it, so assembling a block no longer stops admissions.
 *
 * <p>Lock order: the chain's lock, then {@code shape}, then one sender's line (two only under
 * {@code shape} held exclusively), then the pool's lock. Nobody waits for the store holding any.
 */
public final class Mempool implements ChainListener {

    /** {@code stored}: the group that writes (or wrote) the transaction to the store. */
    private record Entry(Transaction tx, long cost, long sequence, DurablePool.Group stored) {
    }

    /**
     * One sender's waiting transactions by nonce, with their summed cost; guarded by its own
     * monitor. A line that empties is retired and taken out of the map under that monitor: whoever
     * locked it too late sees {@code retired} and fetches the sender's new line.
     */
    private static final class Line {
        final TreeMap<Long, Entry> queue = new TreeMap<>();
        long pendingCost;
        int setParents;
        boolean retired;

        void add(Entry e) {
            queue.put(e.tx.nonce(), e);
            pendingCost += e.cost;
            if (e.tx.kind() == TransactionKind.SET_PARENT) {
                setParents++;
            }
        }

        void remove(Entry e) {
            queue.remove(e.tx.nonce());
            pendingCost -= e.cost;
            if (e.tx.kind() == TransactionKind.SET_PARENT) {
                setParents--;
            }
        }
    }

    /** What {@link #restore()} found in the store. */
    public record Restored(int pending, int confirmed, int dropped) {
        @Override
        public String toString() {
            return "mempool: " + pending + " stored transactions pending again, " + confirmed + " already in blocks, "
                    + dropped + " no longer valid";
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Mempool.class);

    private final Blockchain chain;
    private final DurablePool pool;
    private final TransactionRules rules;
    private final int maxTransactions;
    private final int maxPerSender;
    private final ConcurrentHashMap<ByteBuffer, Entry> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<AccountId, Line> bySender = new ConcurrentHashMap<>();
    /** byId's size, kept apart so a slot can be reserved with one compare-and-set. */
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private final ReentrantReadWriteLock shape = new ReentrantReadWriteLock();
    // counted outside every lock: a submitter back from its durable commit must not queue again
    private final AtomicLong admitted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    public Mempool(Blockchain chain, DurablePool pool, int maxTransactions, int maxPerSender) {
        this.chain = chain;
        this.pool = pool;
        this.rules = chain.rules().transactionRules();
        this.maxTransactions = maxTransactions;
        this.maxPerSender = maxPerSender;
        chain.addListener(this);
    }

    /**
     * Checks and admits {@code tx}, and returns once it is durable in the store. Signatures are
     * verified before any lock is taken; the store is waited for after all are released.
     *
     * @throws ChainException if a rule refuses it, or ({@code not_stored}) the store could not keep it
     */
    public void admit(Transaction tx) throws ChainException {
        try {
            awaitStored(tx, enter(tx, null));
            admitted.incrementAndGet();
        } catch (ChainException e) {
            rejected.incrementAndGet();
            throw e;
        }
    }

    /**
     * Admits a client's transactions in their order, as {@link #admit} would one by one, and
     * returns once every admitted one is durable: their store writes share the durable pool's
     * groups (usually one), so a batch waits for the store once, not once per transaction. First
     * every transaction is checked on its own (signatures included, into the shared cache): one
     * that is malformed refuses the whole batch, nothing admitted; the state's verdicts (nonce,
     * balance, duplicate, limits) are per transaction.
     *
     * @return per transaction, in order: null if admitted and durable, else why the state refused it
     * @throws ChainException the first malformed transaction's refusal, its message naming its index
     */
    public List<ChainException> admitAll(List<Transaction> txs) throws ChainException {
        for (int i = 0; i < txs.size(); i++) {
            try {
                rules.checkStateless(txs.get(i));
            } catch (ChainException e) {
                rejected.addAndGet(txs.size());
                throw new ChainException(e.error(), "transactions[" + i + "]: " + e.getMessage());
            }
        }
        List<ChainException> failures = new ArrayList<>(txs.size());
        List<DurablePool.Group> groups = new ArrayList<>(txs.size());
        for (Transaction tx : txs) {
            try {
                groups.add(enterChecked(tx, null));
                failures.add(null);
            } catch (ChainException e) {
                groups.add(null);
                failures.add(e);
            }
        }
        DurablePool.Group awaited = null;
        ChainException groupFailure = null;
        for (int i = 0; i < txs.size(); i++) {
            DurablePool.Group group = groups.get(i);
            if (group == null) {
                rejected.incrementAndGet();
                continue;
            }
            if (group != awaited) {
                // groups are committed in order: one wait covers every transaction it holds
                awaited = group;
                groupFailure = null;
                try {
                    awaitStored(txs.get(i), group);
                } catch (ChainException e) {
                    groupFailure = e;
                }
            } else if (groupFailure != null) {
                Transaction lost = txs.get(i);
                locked(shape.readLock(), () -> unlink(lost));
            }
            if (groupFailure == null) {
                admitted.incrementAndGet();
            } else {
                failures.set(i, groupFailure);
                rejected.incrementAndGet();
            }
        }
        return failures;
    }

    /**
     * Checks and admits transactions relayed by peers, in their order, as {@link #admit} would one
     * by one, into memory only: nothing is written to the store for them, now or when a block
     * includes them. The peer they came from holds each durably (its client's acknowledgement
     * waited for that, or it had it from another peer in turn, back to the node that acknowledged
     * it), and a restarted node asks its peers for their pending transactions (GET_MEMPOOL). A
     * relayed transaction stored and deleted again at its block cost each receiving node two store
     * writes, their index updates and a share of a journal force per transfer (docs/network.md,
     * "Performance").
     *
     * @return per transaction, in order: null if admitted, else why not
     */
    public List<ChainException> admitRelayed(List<Transaction> txs) {
        List<ChainException> failures = new ArrayList<>(txs.size());
        for (Transaction tx : txs) {
            try {
                enter(tx, DurablePool.Group.MEMORY);
                failures.add(null);
                admitted.incrementAndGet();
            } catch (ChainException e) {
                failures.add(e);
                rejected.incrementAndGet();
            }
        }
        return failures;
    }

    /**
     * Checks {@code tx} and enters it into memory and, {@code stored} null, the durable pool's open
     * group, which it returns (not waited for); {@code stored} {@link DurablePool.Group#MEMORY}: memory only.
     */
    private DurablePool.Group enter(Transaction tx, DurablePool.Group stored) throws ChainException {
        rules.checkStateless(tx);
        return enterChecked(tx, stored);
    }

    /** {@link #enter} for a transaction whose stateless checks passed already. */
    private DurablePool.Group enterChecked(Transaction tx, DurablePool.Group stored) throws ChainException {
        Outcome outcome = chain.read(state -> locked(shape.readLock(), () -> insert(tx, state, stored, false)));
        if (outcome == Outcome.FULL) {
            // only now may another sender's transaction go: that needs every line held still
            outcome = chain.read(state -> locked(shape.writeLock(), () -> insert(tx, state, stored, true)));
        }
        outcome.throwIfFailed();
        return outcome.stored();
    }

    private void awaitStored(Transaction tx, DurablePool.Group stored) throws ChainException {
        try {
            pool.awaitDurable(stored);
        } catch (RuntimeException e) {
            // not durable, so not admitted: the submitter hears so and may send it again
            locked(shape.readLock(), () -> unlink(tx));
            LOG.warn("the store refused an admitted transaction: {}", e.toString());
            throw new ChainException(ChainError.NOT_STORED, "the node could not store the transaction; try again later");
        }
    }

    /**
     * Reloads the transactions stored by an earlier run, checked again against the state: those a
     * block included meanwhile, or that no longer fit, are deleted from the store. Call once, after
     * the chain was opened and before anything is admitted.
     */
    public Restored restore() {
        List<Transaction> stored = new ArrayList<>();
        List<byte[]> unreadable = new ArrayList<>();
        byte[] from = null;
        while (true) {
            List<KeyValue<byte[], byte[]>> page = pool.namespace().range(from, null, 4_096);
            for (KeyValue<byte[], byte[]> kv : page) {
                try {
                    Transaction tx = TransactionCodec.decode(kv.value(), chain.parameters().maxTransactionBytes());
                    rules.checkStateless(tx);
                    stored.add(tx);
                } catch (ChainException e) {
                    unreadable.add(kv.key());
                }
            }
            if (page.size() < 4_096) {
                break;
            }
            from = Arrays.copyOf(page.get(page.size() - 1).key(), page.get(page.size() - 1).key().length + 1);
        }
        stored.sort(Comparator.comparing((Transaction t) -> t.sender()).thenComparingLong(Transaction::nonce));
        List<Transaction> confirmed = stored.stream().filter(tx -> chain.transaction(tx.id()).isPresent()).toList();
        stored.removeAll(confirmed);
        int[] counts = {0, confirmed.size(), unreadable.size()};
        chain.read(state -> locked(shape.writeLock(), () -> {
            unreadable.forEach(pool::delete);
            confirmed.forEach(tx -> pool.delete(tx.id()));
            for (Transaction tx : stored) {
                Outcome outcome = insert(tx, state, DurablePool.Group.STORED, true);
                if (outcome.failure() == null) {
                    counts[0]++;
                } else {
                    // explicitly refused, and logged with the reason: never silently gone
                    LOG.warn("stored transaction {} is no longer valid: {} ({})", tx.idHex(), outcome.failure().getMessage(),
                            outcome.failure().code());
                    pool.delete(tx.id());
                    counts[2]++;
                }
            }
            return null;
        }));
        pool.flush();
        return new Restored(counts[0], counts[1], counts[2]);
    }

    /**
     * Carries a checked exception out of the lambda the chain runs under its lock; {@link #FULL}:
     * the mempool was full, so the admission must be tried again with {@code shape} held exclusively.
     */
    private record Outcome(ChainException failure, DurablePool.Group stored) {
        static final Outcome FULL = new Outcome(null, null);

        void throwIfFailed() throws ChainException {
            if (failure != null) {
                throw failure;
            }
        }
    }

    /**
     * Inserts {@code tx} if every rule allows; {@code stored} is the group that already stored it
     * ({@link DurablePool.Group#MEMORY}: one that never stores it, a relayed transaction), or null
     * for a new admission, whose store write is queued here, under its sender's monitor (so
     * a later delete of the same id is queued after it). {@code exclusive}: the caller holds
     * {@code shape}'s write lock, so a full mempool may evict; otherwise it holds the read lock and
     * a full mempool answers {@link Outcome#FULL}.
     */
    private Outcome insert(Transaction tx, LedgerView state, DurablePool.Group stored, boolean exclusive) {
        ByteBuffer id = ByteBuffer.wrap(tx.id());
        if (byId.containsKey(id)) {
            // a cheap early answer for the common resubmission; checked again under the line's monitor
            return new Outcome(new ChainException(ChainError.DUPLICATE, "already in the mempool"), null);
        }
        while (true) {
            Line line = bySender.computeIfAbsent(tx.sender(), s -> new Line());
            synchronized (line) {
                if (line.retired) {
                    continue;
                }
                try {
                    return insertInto(line, id, tx, state, stored, exclusive);
                } catch (ChainException e) {
                    return new Outcome(e, null);
                } finally {
                    if (line.queue.isEmpty()) {
                        retire(tx.sender(), line);
                    }
                }
            }
        }
    }

    private Outcome insertInto(Line line, ByteBuffer id, Transaction tx, LedgerView state, DurablePool.Group stored,
            boolean exclusive) throws ChainException {
        if (byId.containsKey(id)) {
            throw new ChainException(ChainError.DUPLICATE, "already in the mempool");
        }
        Account sender = state.account(tx.sender());
        long next = sender.nonce() + line.queue.size();
        if (tx.nonce() < sender.nonce()) {
            TransactionRules.checkNonce(tx, sender.nonce());
        }
        if (tx.nonce() < next) {
            throw new ChainException(ChainError.NONCE_REPLAYED, "nonce " + tx.nonce() + " is already pending");
        }
        TransactionRules.checkNonce(tx, next);
        long cost = TransactionRules.cost(tx);
        if (sender.balance() - line.pendingCost < cost) {
            throw new ChainException(ChainError.INSUFFICIENT_BALANCE, tx.sender() + " holds " + sender.balance()
                    + " with " + line.pendingCost + " pending, needs " + cost);
        }
        if (tx.kind() == TransactionKind.SET_PARENT) {
            if (line.setParents > 0) {
                throw new ChainException(ChainError.PARENT_ALREADY_SET, "a set-parent is already pending");
            }
            TransactionRules.checkParent(tx.sender(), sender, tx.parent(), state);
        }
        if (line.queue.size() >= maxPerSender) {
            throw new ChainException(ChainError.SENDER_LIMIT, "at most " + maxPerSender + " pending per sender");
        }
        if (!reserveSlot()) {
            if (!exclusive) {
                return Outcome.FULL;
            }
            if (!evictCheaperThan(tx.fee(), tx.sender())) {
                throw new ChainException(ChainError.MEMPOOL_FULL, "the mempool holds " + count.get() + " transactions");
            }
            count.incrementAndGet();
        }
        Entry entry = new Entry(tx, cost, sequence.getAndIncrement(), stored == null ? pool.put(tx) : stored);
        byId.put(id, entry);
        line.add(entry);
        return new Outcome(null, entry.stored);
    }

    /** Takes one of the mempool's {@code maxTransactions} places, if one is free. */
    private boolean reserveSlot() {
        while (true) {
            int now = count.get();
            if (now >= maxTransactions) {
                return false;
            }
            if (count.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /**
     * Drops the cheapest transaction that is last in its sender's line, if it pays less than
     * {@code fee}. Only with {@code shape} held exclusively: nobody else holds a line then.
     */
    private boolean evictCheaperThan(long fee, AccountId newcomer) {
        Entry cheapest = null;
        for (Map.Entry<AccountId, Line> sender : bySender.entrySet()) {
            if (sender.getKey().equals(newcomer)) {
                continue;
            }
            Line line = sender.getValue();
            synchronized (line) {
                if (line.queue.isEmpty()) {
                    continue;
                }
                Entry last = line.queue.lastEntry().getValue();
                if (cheapest == null || last.tx.fee() < cheapest.tx.fee()) {
                    cheapest = last;
                }
            }
        }
        if (cheapest == null || cheapest.tx.fee() >= fee) {
            return false;
        }
        forgetStored(unlink(cheapest.tx));
        return true;
    }

    /**
     * Transactions for the next block, best fee first, each sender's in nonce order, until
     * {@code maxBytes} of transactions. Admissions go on meanwhile: each sender's line is copied
     * under its own monitor, and one admitted after the copy waits for the next block.
     */
    public List<Transaction> select(int maxBytes) {
        record Cursor(Entry head, Iterator<Entry> rest) {
        }
        List<List<Entry>> lines = locked(shape.readLock(), () -> {
            List<List<Entry>> copies = new ArrayList<>(bySender.size());
            for (Line line : bySender.values()) {
                synchronized (line) {
                    if (!line.queue.isEmpty()) {
                        copies.add(new ArrayList<>(line.queue.values()));
                    }
                }
            }
            return copies;
        });
        PriorityQueue<Cursor> best = new PriorityQueue<>(Comparator.<Cursor>comparingLong(c -> -c.head.tx.fee())
                .thenComparingLong(c -> c.head.sequence));
        for (List<Entry> line : lines) {
            Iterator<Entry> it = line.iterator();
            best.add(new Cursor(it.next(), it));
        }
        List<Transaction> chosen = new ArrayList<>();
        int bytes = 0;
        while (!best.isEmpty()) {
            Cursor c = best.poll();
            int size = 2 + c.head.tx.size();
            if (bytes + size > maxBytes) {
                continue;
            }
            bytes += size;
            chosen.add(c.head.tx);
            if (c.rest.hasNext()) {
                best.add(new Cursor(c.rest.next(), c.rest));
            }
        }
        return chosen;
    }

    /** How many of {@code sender}'s transactions wait. */
    public int pendingCount(AccountId sender) {
        Line line = bySender.get(sender);
        if (line == null) {
            return 0;
        }
        synchronized (line) {
            return line.queue.size();
        }
    }

    public int size() {
        return count.get();
    }

    public boolean contains(byte[] txId) {
        return byId.containsKey(ByteBuffer.wrap(txId));
    }

    /** The ids of at most {@code max} waiting transactions (for a peer that joins). */
    public List<byte[]> ids(int max) {
        List<byte[]> ids = new ArrayList<>(Math.min(max, count.get()));
        for (ByteBuffer id : byId.keySet()) {
            if (ids.size() == max) {
                break;
            }
            ids.add(id.array().clone());
        }
        return ids;
    }

    /** The waiting transaction with this id, if there is one (for peers asking for it). */
    public Optional<Transaction> pending(byte[] txId) {
        Entry e = byId.get(ByteBuffer.wrap(txId));
        return e == null ? Optional.empty() : Optional.of(e.tx);
    }

    public long admittedCount() {
        return admitted.get();
    }

    public long rejectedCount() {
        return rejected.get();
    }

    /** Removes a transaction a block could not include, or one evicted, from memory and the store. */
    public void remove(Transaction tx) {
        locked(shape.readLock(), () -> {
            forgetStored(unlink(tx));
            return null;
        });
    }

    /** Queues the store delete of a transaction that left the mempool without a block, unless it was never stored. */
    private void forgetStored(Entry e) {
        if (e != null && e.stored.inStore()) {
            pool.delete(e.tx.id());
        }
    }

    /**
     * Removes a transaction from memory only; returns its entry if it was there. The caller holds
     * {@code shape} (either way); the line's monitor makes the removal and the count agree.
     */
    private Entry unlink(Transaction tx) {
        Line line = bySender.get(tx.sender());
        if (line == null) {
            return null;
        }
        synchronized (line) {
            Entry e = line.queue.get(tx.nonce());
            if (e == null || !Arrays.equals(e.tx.id(), tx.id())) {
                return null;
            }
            byId.remove(ByteBuffer.wrap(tx.id()));
            line.remove(e);
            count.decrementAndGet();
            if (line.queue.isEmpty()) {
                retire(tx.sender(), line);
            }
            return e;
        }
    }

    /** Takes an empty line out of the map; the caller holds its monitor. */
    private void retire(AccountId sender, Line line) {
        line.retired = true;
        bySender.remove(sender, line);
    }

    /**
     * Forgets a transaction a block included, and queues its delete from the store, which lands
     * after its own write (that was queued first).
     */
    private void included(Transaction tx) {
        Entry e = unlink(tx);
        if (e != null && e.stored.inStore()) {
            pool.settle(tx.id());
        }
    }

    @Override
    public void headChanged(List<Block> disconnected, List<Block> connected) {
        // Runs under the chain's write lock: the state read below is the new head's.
        chain.read(state -> locked(shape.writeLock(), () -> {
            if (disconnected.isEmpty()) {
                dropIncluded(connected, state);
            } else {
                readmitAll(disconnected, connected, state);
            }
            return null;
        }));
    }

    /**
     * The head moved forward: only the senders of the new blocks paid anything (everyone else
     * was at most credited), so only their waiting transactions are checked again. This runs
     * while admissions wait, so it must not cost a pass over the whole mempool.
     */
    private void dropIncluded(List<Block> connected, LedgerView state) {
        Set<AccountId> senders = new HashSet<>();
        for (Block b : connected) {
            for (Transaction tx : b.transactions()) {
                included(tx);
                senders.add(tx.sender());
            }
        }
        for (AccountId sender : senders) {
            for (Entry e : takeLine(sender)) {
                readmit(e.tx, state, e.stored);
            }
        }
    }

    /** Empties and retires {@code sender}'s line (with {@code shape} held exclusively); returns what it held, in nonce order. */
    private List<Entry> takeLine(AccountId sender) {
        Line line = bySender.get(sender);
        if (line == null) {
            return List.of();
        }
        synchronized (line) {
            List<Entry> taken = new ArrayList<>(line.queue.values());
            for (Entry e : taken) {
                byId.remove(ByteBuffer.wrap(e.tx.id()));
            }
            count.addAndGet(-taken.size());
            line.queue.clear();
            retire(sender, line);
            return taken;
        }
    }

    /** A reorganisation: the disconnected blocks' transactions wait again, and everything is re-admitted. */
    private void readmitAll(List<Block> disconnected, List<Block> connected, LedgerView state) {
        for (Block b : connected) {
            b.transactions().forEach(this::included);
        }
        // the batches that took the disconnected blocks off stored their transactions as pending again
        List<Entry> waiting = new ArrayList<>();
        for (Block b : disconnected) {
            for (Transaction tx : b.transactions()) {
                // a settled delete of it may still be on its way to the store: this put follows it
                pool.putAgain(tx);
                waiting.add(new Entry(tx, 0, 0, DurablePool.Group.STORED));
            }
        }
        for (AccountId sender : List.copyOf(bySender.keySet())) {
            waiting.addAll(takeLine(sender));
        }
        waiting.sort(Comparator.comparing((Entry e) -> e.tx.sender()).thenComparingLong(e -> e.tx.nonce()));
        for (Entry e : waiting) {
            // Re-admitted against the new state; whatever no longer fits is dropped.
            readmit(e.tx, state, e.stored);
        }
    }

    /** Inserts a transaction that was already stored (or held in memory only); deletes it from the store if it no longer fits. */
    private void readmit(Transaction tx, LedgerView state, DurablePool.Group stored) {
        if (insert(tx, state, stored, true).failure() != null && stored.inStore()) {
            pool.delete(tx.id());
        }
    }

    private static <T> T locked(Lock lock, Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
