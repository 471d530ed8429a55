package org.qenex.chain.internal.mempool;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

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
 * a block's batch deletes the transactions it includes, and {@link #restore()} reloads the rest at
 * start, checked again against the state.
 *
 * <p>Lock order: the chain's lock, then this mempool's monitor, then the pool's lock. Nobody waits
 * for the store holding either of the first two.
 */
public final class Mempool implements ChainListener {

    /** {@code stored}: the group that writes (or wrote) the transaction to the store. */
    private record Entry(Transaction tx, long cost, long sequence, DurablePool.Group stored) {
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
    private final Map<ByteBuffer, Entry> byId = new HashMap<>();
    private final Map<AccountId, TreeMap<Long, Entry>> bySender = new HashMap<>();
    private long sequence;
    // counted outside the monitor: a submitter back from its durable commit must not queue for it again
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
            rules.checkStateless(tx);
            Outcome outcome = chain.read(state -> {
                synchronized (this) {
                    return insert(tx, state, null);
                }
            });
            outcome.throwIfFailed();
            awaitStored(tx, outcome.stored());
            admitted.incrementAndGet();
        } catch (ChainException e) {
            rejected.incrementAndGet();
            throw e;
        }
    }

    private void awaitStored(Transaction tx, DurablePool.Group stored) throws ChainException {
        try {
            pool.awaitDurable(stored);
        } catch (RuntimeException e) {
            // not durable, so not admitted: the submitter hears so and may send it again
            synchronized (this) {
                unlink(tx);
            }
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
        chain.read(state -> {
            synchronized (this) {
                unreadable.forEach(pool::delete);
                confirmed.forEach(tx -> pool.delete(tx.id()));
                for (Transaction tx : stored) {
                    Outcome outcome = insert(tx, state, DurablePool.Group.STORED);
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
            }
        });
        pool.flush();
        return new Restored(counts[0], counts[1], counts[2]);
    }

    /** Carries a checked exception out of the lambda the chain runs under its lock. */
    private record Outcome(ChainException failure, DurablePool.Group stored) {
        void throwIfFailed() throws ChainException {
            if (failure != null) {
                throw failure;
            }
        }
    }

    /**
     * Inserts {@code tx} if every rule allows; {@code stored} is the group that already stored it,
     * or null for a new admission, whose store write is queued here, in the mempool's order.
     */
    private Outcome insert(Transaction tx, LedgerView state, DurablePool.Group stored) {
        try {
            ByteBuffer id = ByteBuffer.wrap(tx.id());
            if (byId.containsKey(id)) {
                throw new ChainException(ChainError.DUPLICATE, "already in the mempool");
            }
            Account sender = state.account(tx.sender());
            TreeMap<Long, Entry> queue = bySender.getOrDefault(tx.sender(), new TreeMap<>());
            long next = sender.nonce() + queue.size();
            if (tx.nonce() < sender.nonce()) {
                TransactionRules.checkNonce(tx, sender.nonce());
            }
            if (tx.nonce() < next) {
                throw new ChainException(ChainError.NONCE_REPLAYED, "nonce " + tx.nonce() + " is already pending");
            }
            TransactionRules.checkNonce(tx, next);
            long cost = TransactionRules.cost(tx);
            long pending = 0;
            for (Entry e : queue.values()) {
                pending = Math.addExact(pending, e.cost);
            }
            if (sender.balance() - pending < cost) {
                throw new ChainException(ChainError.INSUFFICIENT_BALANCE, tx.sender() + " holds " + sender.balance()
                        + " with " + pending + " pending, needs " + cost);
            }
            if (tx.kind() == TransactionKind.SET_PARENT) {
                boolean parentPending = queue.values().stream().anyMatch(e -> e.tx.kind() == TransactionKind.SET_PARENT);
                if (parentPending) {
                    throw new ChainException(ChainError.PARENT_ALREADY_SET, "a set-parent is already pending");
                }
                TransactionRules.checkParent(tx.sender(), sender, tx.parent(), state);
            }
            if (queue.size() >= maxPerSender) {
                throw new ChainException(ChainError.SENDER_LIMIT, "at most " + maxPerSender + " pending per sender");
            }
            if (byId.size() >= maxTransactions && !evictCheaperThan(tx.fee(), tx.sender())) {
                throw new ChainException(ChainError.MEMPOOL_FULL, "the mempool holds " + byId.size() + " transactions");
            }
            Entry entry = new Entry(tx, cost, sequence++, stored == null ? pool.put(tx) : stored);
            byId.put(id, entry);
            queue.put(tx.nonce(), entry);
            bySender.put(tx.sender(), queue);
            return new Outcome(null, entry.stored);
        } catch (ChainException e) {
            return new Outcome(e, null);
        }
    }

    /** Drops the cheapest transaction that is last in its sender's line, if it pays less than {@code fee}. */
    private boolean evictCheaperThan(long fee, AccountId newcomer) {
        Entry cheapest = null;
        for (Map.Entry<AccountId, TreeMap<Long, Entry>> sender : bySender.entrySet()) {
            if (sender.getKey().equals(newcomer)) {
                continue;
            }
            TreeMap<Long, Entry> queue = sender.getValue();
            Entry last = queue.lastEntry().getValue();
            if (cheapest == null || last.tx.fee() < cheapest.tx.fee()) {
                cheapest = last;
            }
        }
        if (cheapest == null || cheapest.tx.fee() >= fee) {
            return false;
        }
        remove(cheapest.tx);
        return true;
    }

    /**
     * Transactions for the next block, best fee first, each sender's in nonce order, until
     * {@code maxBytes} of transactions.
     */
    public synchronized List<Transaction> select(int maxBytes) {
        record Cursor(Entry head, Iterator<Entry> rest) {
        }
        PriorityQueue<Cursor> best = new PriorityQueue<>(Comparator.<Cursor>comparingLong(c -> -c.head.tx.fee())
                .thenComparingLong(c -> c.head.sequence));
        for (TreeMap<Long, Entry> queue : bySender.values()) {
            Iterator<Entry> it = queue.values().iterator();
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
    public synchronized int pendingCount(AccountId sender) {
        TreeMap<Long, Entry> queue = bySender.get(sender);
        return queue == null ? 0 : queue.size();
    }

    public synchronized int size() {
        return byId.size();
    }

    public synchronized boolean contains(byte[] txId) {
        return byId.containsKey(ByteBuffer.wrap(txId));
    }

    public long admittedCount() {
        return admitted.get();
    }

    public long rejectedCount() {
        return rejected.get();
    }

    /** Removes a transaction a block could not include, or one evicted, from memory and the store. */
    public synchronized void remove(Transaction tx) {
        if (unlink(tx) != null) {
            pool.delete(tx.id());
        }
    }

    /** Removes a transaction from memory only; returns its entry if it was there. */
    private Entry unlink(Transaction tx) {
        Entry e = byId.remove(ByteBuffer.wrap(tx.id()));
        if (e != null) {
            TreeMap<Long, Entry> queue = bySender.get(tx.sender());
            queue.remove(tx.nonce());
            if (queue.isEmpty()) {
                bySender.remove(tx.sender());
            }
        }
        return e;
    }

    /**
     * Forgets a transaction a block included: the block's batch deleted it from the store, unless
     * its own write was still queued then and lands after that delete.
     */
    private void included(Transaction tx) {
        Entry e = unlink(tx);
        if (e != null && !e.stored.done()) {
            pool.delete(tx.id());
        }
    }

    @Override
    public void headChanged(List<Block> disconnected, List<Block> connected) {
        // Runs under the chain's write lock: the state read below is the new head's.
        chain.read(state -> {
            synchronized (this) {
                if (disconnected.isEmpty()) {
                    dropIncluded(connected, state);
                } else {
                    readmitAll(disconnected, connected, state);
                }
                return null;
            }
        });
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
            TreeMap<Long, Entry> queue = bySender.remove(sender);
            if (queue == null) {
                continue;
            }
            for (Entry e : queue.values()) {
                byId.remove(ByteBuffer.wrap(e.tx.id()));
            }
            for (Entry e : queue.values()) {
                readmit(e.tx, state, e.stored);
            }
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
                waiting.add(new Entry(tx, 0, 0, DurablePool.Group.STORED));
            }
        }
        for (TreeMap<Long, Entry> queue : bySender.values()) {
            waiting.addAll(queue.values());
        }
        byId.clear();
        bySender.clear();
        waiting.sort(Comparator.comparing((Entry e) -> e.tx.sender()).thenComparingLong(e -> e.tx.nonce()));
        for (Entry e : waiting) {
            // Re-admitted against the new state; whatever no longer fits is dropped.
            readmit(e.tx, state, e.stored);
        }
    }

    /** Inserts a transaction that was already stored; deletes it from the store if it no longer fits. */
    private void readmit(Transaction tx, LedgerView state, DurablePool.Group stored) {
        if (insert(tx, state, stored).failure() != null) {
            pool.delete(tx.id());
        }
    }
}
