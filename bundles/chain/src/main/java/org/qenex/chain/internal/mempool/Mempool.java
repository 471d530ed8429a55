package org.qenex.chain.internal.mempool;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

import org.qenex.chain.internal.block.Block;
import org.qenex.chain.internal.consensus.ChainError;
import org.qenex.chain.internal.consensus.ChainException;
import org.qenex.chain.internal.consensus.TransactionRules;
import org.qenex.chain.internal.crypto.AccountId;
import org.qenex.chain.internal.ledger.Blockchain;
import org.qenex.chain.internal.ledger.ChainListener;
import org.qenex.chain.internal.state.Account;
import org.qenex.chain.internal.state.LedgerView;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionKind;

/**
 * Transactions waiting for a block. Admission checks what a block would (signatures through the
 * shared cache, so a block does not verify them again), and per sender only the next nonces in a
 * row whose total cost the balance covers. Bounded in total and per sender; when full, a
 * transaction paying a higher fee than the cheapest last-in-line transaction replaces it.
 * Blocks take transactions in fee order, each sender's in nonce order.
 *
 * <p>Lock order: the chain's lock, then this mempool's monitor.
 */
public final class Mempool implements ChainListener {

    private record Entry(Transaction tx, long cost, long sequence) {
    }

    private final Blockchain chain;
    private final TransactionRules rules;
    private final int maxTransactions;
    private final int maxPerSender;
    private final Map<ByteBuffer, Entry> byId = new HashMap<>();
    private final Map<AccountId, TreeMap<Long, Entry>> bySender = new HashMap<>();
    private long sequence;
    private long admitted;
    private long rejected;

    public Mempool(Blockchain chain, int maxTransactions, int maxPerSender) {
        this.chain = chain;
        this.rules = chain.rules().transactionRules();
        this.maxTransactions = maxTransactions;
        this.maxPerSender = maxPerSender;
        chain.addListener(this);
    }

    /** Checks and admits {@code tx}. Signatures are verified before any lock is taken. */
    public void admit(Transaction tx) throws ChainException {
        try {
            rules.checkStateless(tx);
            chain.read(state -> {
                synchronized (this) {
                    return insert(tx, state);
                }
            }).throwIfFailed();
            synchronized (this) {
                admitted++;
            }
        } catch (ChainException e) {
            synchronized (this) {
                rejected++;
            }
            throw e;
        }
    }

    /** Carries a checked exception out of the lambda the chain runs under its lock. */
    private record Outcome(ChainException failure) {
        void throwIfFailed() throws ChainException {
            if (failure != null) {
                throw failure;
            }
        }
    }

    private Outcome insert(Transaction tx, LedgerView state) {
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
            Entry entry = new Entry(tx, cost, sequence++);
            byId.put(id, entry);
            queue.put(tx.nonce(), entry);
            bySender.put(tx.sender(), queue);
            return new Outcome(null);
        } catch (ChainException e) {
            return new Outcome(e);
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

    public synchronized long admittedCount() {
        return admitted;
    }

    public synchronized long rejectedCount() {
        return rejected;
    }

    /** Removes a transaction a block could not include. */
    public synchronized void remove(Transaction tx) {
        Entry e = byId.remove(ByteBuffer.wrap(tx.id()));
        if (e != null) {
            TreeMap<Long, Entry> queue = bySender.get(tx.sender());
            queue.remove(tx.nonce());
            if (queue.isEmpty()) {
                bySender.remove(tx.sender());
            }
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
                remove(tx);
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
                insert(e.tx, state);
            }
        }
    }

    /** A reorganisation: the disconnected blocks' transactions wait again, and everything is re-admitted. */
    private void readmitAll(List<Block> disconnected, List<Block> connected, LedgerView state) {
        for (Block b : connected) {
            b.transactions().forEach(this::remove);
        }
        List<Transaction> waiting = new ArrayList<>();
        for (Block b : disconnected) {
            waiting.addAll(b.transactions());
        }
        for (TreeMap<Long, Entry> queue : bySender.values()) {
            queue.values().forEach(e -> waiting.add(e.tx));
        }
        byId.clear();
        bySender.clear();
        waiting.sort(Comparator.comparing((Transaction t) -> t.sender()).thenComparingLong(Transaction::nonce));
        for (Transaction tx : waiting) {
            // Re-admitted against the new state; whatever no longer fits is dropped.
            insert(tx, state);
        }
    }
}
