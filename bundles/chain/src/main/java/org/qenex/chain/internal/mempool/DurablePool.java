package org.qenex.chain.internal.mempool;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

import org.qenex.api.storage.Batch;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.Store;
import org.qenex.chain.internal.tx.Transaction;

/**
 * The mempool's copy in the node's store (namespace {@code chain.mempool}: transaction id to
 * transaction bytes), so that a transaction answered "pending" survives a crash.
 *
 * <p>Group commit: writes are queued in the mempool's order (callers hold its monitor) into the
 * open group; a submitter then waits outside every lock until its group is durable. The first
 * waiter to find no commit running takes the whole open group as one store batch, so admissions
 * that arrive together share one batch and one disk flush. Groups are committed one at a time, in
 * the order they were opened, so a put and a later delete of the same id reach the store in that
 * order.
 *
 * <p>A waiter waits on the latch of the group being committed, outside the pool's lock: when it
 * opens, the submitters of that group return without touching the lock again, and only those of
 * the next group come back for it (one of them commits). With one shared condition every waiter
 * re-took the lock after every commit, one after the other, while new submissions queued behind
 * them to add their writes.
 *
 * <p>Deletes (a transaction evicted, or no longer valid) are not waited for: they ride with the
 * next group, and one lost to a crash is found at the next start, when every stored transaction is
 * checked again.
 *
 * <p>The deletes of transactions a block included ({@link #settle}) are not in the block's store
 * batch either: they wait in {@code settled} and each group takes at most
 * {@value #SETTLED_PER_GROUP} of them, after its own writes. In the block's batch they were 5,000
 * of its 11,500 operations at 1,000 transfers/s, written, forced and applied to the index in one
 * go while every admission's group queued behind them; spread over the next groups they cost each
 * a few kilobytes. A crash before they are stored leaves confirmed transactions in
 * {@code chain.mempool}; the reload at start finds them in the chain's index and deletes them
 * ({@code Mempool.restore}), so none is pending twice. {@link #flush} stores them all.
 */
public final class DurablePool {

    /** Operations per store batch, well under {@link Store#MAX_BATCH_OPERATIONS}. */
    private static final int MAX_OPS_PER_BATCH = 20_000;
    /** Deletes of included transactions a group takes along: a block's 5,000 over about 10 groups. */
    static final int SETTLED_PER_GROUP = 512;

    /** A put ({@code bytes} set) or a delete ({@code bytes} null) of a transaction id. */
    private record Write(byte[] id, byte[] bytes) {
    }

    /** One batch's worth of queued writes; the submitters of its puts wait for {@link #done}. */
    public static final class Group {
        /** The group of transactions already in the store (reloaded at start, or put back by a reorganisation). */
        static final Group STORED = new Group(true);
        /**
         * Transactions held in memory only, never written: those relayed by a peer. The node that
         * acknowledged one to its client holds it durably until a block includes it, and answers a
         * restarted peer's GET_MEMPOOL with it (docs/network.md, "Which node keeps a pending
         * transaction durable"); so a crash here loses nothing the network acknowledged.
         */
        static final Group MEMORY = new Group(true);

        private final List<Write> ops = new ArrayList<>();
        private final CountDownLatch committed = new CountDownLatch(1);
        private volatile boolean done;
        private RuntimeException failure;

        private Group(boolean done) {
            this.done = done;
            if (done) {
                committed.countDown();
            }
        }

        /** Whether this group's transactions are (or will be) in the store, so that leaving the mempool deletes them there. */
        boolean inStore() {
            return this != MEMORY;
        }
    }

    private final Store store;
    private final Namespace<byte[], byte[]> pool;
    private final ReentrantLock lock = new ReentrantLock();
    private Group open = new Group(false);
    /** Ids of transactions a block included, to delete (with later groups); insertion order. */
    private final LinkedHashSet<ByteBuffer> settled = new LinkedHashSet<>();
    /** The group being committed, or null. */
    private Group committing;

    public DurablePool(Store store, Namespace<byte[], byte[]> pool) {
        this.store = store;
        this.pool = pool;
    }

    public Namespace<byte[], byte[]> namespace() {
        return pool;
    }

    /** Queues the store write of {@code tx}; wait for the returned group with {@link #awaitDurable}. */
    Group put(Transaction tx) {
        lock.lock();
        try {
            open.ops.add(new Write(tx.id(), tx.encoded()));
            return open;
        } finally {
            lock.unlock();
        }
    }

    /** Queues the removal of a transaction that left the mempool without a block. */
    void delete(byte[] id) {
        lock.lock();
        try {
            open.ops.add(new Write(id, null));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues the removal of a transaction a block included: stored later, with at most
     * {@value #SETTLED_PER_GROUP} others per group (see the class comment).
     */
    void settle(byte[] id) {
        lock.lock();
        try {
            settled.add(ByteBuffer.wrap(id));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stores {@code tx} again, after a reorganisation took its block off: a delete of it still
     * queued is dropped, and one already on its way to the store is followed by this put.
     */
    void putAgain(Transaction tx) {
        lock.lock();
        try {
            if (settled.remove(ByteBuffer.wrap(tx.id()))) {
                // queued only: never stored, and the block's undo stored it as pending again
                return;
            }
            open.ops.add(new Write(tx.id(), tx.encoded()));
        } finally {
            lock.unlock();
        }
    }

    /** How many deletes of included transactions wait to be stored. */
    int settledBacklog() {
        lock.lock();
        try {
            return settled.size();
        } finally {
            lock.unlock();
        }
    }

    /** Commits everything queued now, every settled delete included, e.g. before the node stops. */
    public void flush() {
        while (true) {
            Group group;
            lock.lock();
            try {
                group = open;
            } finally {
                lock.unlock();
            }
            awaitDurable(group);
            if (settledBacklog() == 0) {
                return;
            }
        }
    }

    /**
     * Returns once {@code group} is in the store, committing it (with whatever else is queued) if
     * no commit is running. Call it holding no lock of the chain or the mempool.
     *
     * @throws org.qenex.api.storage.StorageException if the store refused the group's batch
     */
    void awaitDurable(Group group) {
        while (!group.done) {
            Group running;
            Group taken = null;
            lock.lock();
            try {
                if (group.done) {
                    break;
                }
                running = committing;
                if (running == null) {
                    taken = open;
                    open = new Group(false);
                    committing = taken;
                    takeSettled(taken);
                }
            } finally {
                lock.unlock();
            }
            if (taken != null) {
                commitGroup(taken);
            } else {
                awaitCommitted(running);
            }
        }
        if (group.failure != null) {
            throw group.failure;
        }
    }

    /** Moves up to {@value #SETTLED_PER_GROUP} settled deletes to the end of {@code taken} (the lock held). */
    private void takeSettled(Group taken) {
        Iterator<ByteBuffer> it = settled.iterator();
        for (int i = 0; i < SETTLED_PER_GROUP && it.hasNext(); i++) {
            taken.ops.add(new Write(it.next().array(), null));
            it.remove();
        }
    }

    private void commitGroup(Group taken) {
        boolean finished = false;
        try {
            taken.failure = commit(taken.ops);
            finished = true;
        } finally {
            if (!finished) {
                // an Error out of the store must not read as durable to the group's waiters (made here,
                // not ahead of every commit: that filled in a stack trace per group for nothing)
                taken.failure = new IllegalStateException("the mempool's store commit did not finish");
            }
            // done before the next commit may start, so that none of this group's waiters starts one
            taken.done = true;
            lock.lock();
            try {
                committing = null;
            } finally {
                lock.unlock();
            }
            taken.committed.countDown();
        }
    }

    /** The submitter waits for durability: an interrupt must not make it answer early. */
    private static void awaitCommitted(Group running) {
        boolean interrupted = false;
        while (true) {
            try {
                running.committed.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private RuntimeException commit(List<Write> ops) {
        try {
            for (int from = 0; from < ops.size(); from += MAX_OPS_PER_BATCH) {
                Batch batch = store.batch();
                for (Write w : ops.subList(from, Math.min(ops.size(), from + MAX_OPS_PER_BATCH))) {
                    if (w.bytes() == null) {
                        batch.delete(pool, w.id());
                    } else {
                        batch.put(pool, w.id(), w.bytes());
                    }
                }
                batch.commit();
            }
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
