package org.qenex.storage.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.StampedLock;

import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.StoreUnavailableException;
import org.qenex.storage.internal.index.IndexWriter;
import org.qenex.storage.internal.journal.Journal;
import org.qenex.storage.internal.journal.JournalRecord;
import org.qenex.storage.internal.journal.Op;

/**
 * Commits records durably with group commit: one leader writes and forces the records of every
 * waiting committer at once, because one force per group costs far less than one per record.
 *
 * <p>A commit returns once its record is durable in the journal. The record is applied to the
 * index (under the write side of {@code visibility}) afterwards, in journal order, by the store's
 * apply thread; a read waits until every record durable when it began is applied
 * ({@link #awaitApplied}), so a caller still reads what it committed. Committers do not wait for
 * the index: a checkpoint holds the index (the apply lock) for as long as MapDB's commit and
 * {@code msync} take, hundreds of ms on a busy disk, and a block's batch of some 15,000
 * operations takes as long to apply; both stalled every transaction admission in the node behind
 * them when committers waited for the apply. Durability is unchanged: what was acknowledged is in
 * the journal, which a restart replays into the index.
 *
 * <p>The leader hands the group to the store's own I/O thread and waits for it: NIO closes a file
 * channel when the thread using it is interrupted, and a committer's thread may be interrupted at
 * any time (a cancelled job, a stopping bundle, a closed HTTP connection). Done on the caller's
 * thread, one such interrupt stopped the whole store.
 */
final class GroupCommit {

    private final Journal journal;
    private final IndexWriter writer;
    private final ReadCache cache;
    private final StampedLock visibility;
    private final ReentrantLock applyLock;
    private final Availability availability;
    private final Checkpoints checkpoints;
    private final ReentrantLock commitLock = new ReentrantLock();
    private final Condition committed = commitLock.newCondition();
    /** Signalled (under {@code commitLock}) whenever the apply thread has applied a group, or failed. */
    private final Condition applied = commitLock.newCondition();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "qenex-storage-io");
        thread.setDaemon(true);
        return thread;
    });
    /** Applies durable groups to the index in journal order; the only thread that calls {@link IndexWriter#apply}. */
    private final ExecutorService applier = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "qenex-storage-apply");
        thread.setDaemon(true);
        return thread;
    });
    private boolean leading;

    private static final class Pending {
        final JournalRecord.Body body;
        JournalRecord record;
        Throwable error;
        boolean done;

        Pending(JournalRecord.Body body) {
            this.body = body;
        }
    }

    /** {@code visibility} and {@code applyLock} are the engine's, shared with reads, checkpoints and backups. */
    GroupCommit(Journal journal, IndexWriter writer, ReadCache cache, StampedLock visibility, ReentrantLock applyLock,
            Availability availability, Checkpoints checkpoints) {
        this.journal = journal;
        this.writer = writer;
        this.cache = cache;
        this.visibility = visibility;
        this.applyLock = applyLock;
        this.availability = availability;
        this.checkpoints = checkpoints;
    }

    /**
     * Commits {@code ops} as one atomic, durable record and returns its sequence; reads see it
     * from then on (they wait for its apply), see {@link #awaitApplied}.
     */
    long commit(List<Op> ops) {
        availability.check();
        // encoded here, on the committer's thread: the I/O thread, which every committer queues for, only writes
        Pending mine = new Pending(JournalRecord.encode(ops));
        commitLock.lock();
        try {
            queue.add(mine);
            while (!mine.done) {
                if (leading) {
                    // Durability is what the caller waits for: an interrupt must not cut that short.
                    committed.awaitUninterruptibly();
                    continue;
                }
                leading = true;
                List<Pending> group = new ArrayList<>(queue);
                queue.clear();
                commitLock.unlock();
                try {
                    onIoThread(() -> writeGroup(group));
                } finally {
                    commitLock.lock();
                    leading = false;
                    for (Pending p : group) {
                        p.done = true;
                    }
                    committed.signalAll();
                }
            }
        } finally {
            commitLock.unlock();
        }
        if (mine.error != null) {
            if (mine.error instanceof StorageException se) {
                throw se;
            }
            throw new StorageException(StorageException.IO_FAILURE, "commit failed, nothing applied: " + mine.error.getMessage(),
                    mine.error);
        }
        return mine.record.sequence();
    }

    private void writeGroup(List<Pending> group) {
        Throwable failed = availability.failure();
        if (failed != null || availability.closed()) {
            StoreUnavailableException e = availability.unavailable();
            group.forEach(p -> p.error = e);
            return;
        }
        long sequence = journal.lastSequence();
        long time = journal.lastTime();
        List<ByteBuffer> frames = new ArrayList<>(2 * group.size());
        try {
            for (Pending p : group) {
                time = Math.max(time, System.currentTimeMillis());
                p.record = new JournalRecord(++sequence, time, p.body.ops());
                frames.addAll(Arrays.asList(JournalRecord.frame(sequence, time, p.body)));
            }
            journal.appendBuffers(frames, sequence, time);
        } catch (IOException | RuntimeException e) {
            group.forEach(p -> p.error = e);
            if (e.getSuppressed().length > 0) {
                availability.fail("journal write failed and could not be undone: " + e.getMessage(), e);
            }
            return;
        }
        // In journal order: this is the I/O thread, which writes one group at a time.
        applier.execute(() -> applyGroup(group));
    }

    private void applyGroup(List<Pending> group) {
        if (availability.failure() == null) {
            applyLock.lock();
            long stamp = visibility.writeLock();
            try {
                for (Pending p : group) {
                    writer.apply(p.record, (ns, key) -> cache.invalidate(new ReadCache.Key(ns, key)));
                }
                checkpoints.applied(group.size());
            } catch (RuntimeException e) {
                // durable in the journal, so nothing acknowledged is lost: the next start replays it
                availability.fail("applying journal records to the index failed: " + e.getMessage(), e);
            } finally {
                visibility.unlockWrite(stamp);
                applyLock.unlock();
            }
        }
        commitLock.lock();
        try {
            applied.signalAll();
        } finally {
            commitLock.unlock();
        }
        checkpoints.requestIfDue();
    }

    /**
     * Returns once every record up to {@code sequence} is applied to the index (at once when it
     * is): reads call it with the journal's last durable sequence before they look.
     *
     * @throws StoreUnavailableException if the store failed or closed before that
     */
    void awaitApplied(long sequence) {
        if (writer.sequence() >= sequence) {
            return;
        }
        commitLock.lock();
        try {
            while (writer.sequence() < sequence) {
                if (availability.failure() != null || availability.closed()) {
                    throw availability.unavailable();
                }
                // a read waits for a group being applied, as it waited for the write lock before
                applied.awaitUninterruptibly();
            }
        } finally {
            commitLock.unlock();
        }
    }

    /** Runs {@code work} on the I/O thread and waits for it, whatever interrupts the caller meanwhile. */
    private void onIoThread(Runnable work) {
        Future<?> done = io.submit(work);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    done.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    // writeGroup records its failures in the group; only an Error gets here
                    throw new IllegalStateException("storage I/O thread failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits for the group being written and for every durable group to be applied, then marks
     * the engine closed so no further group starts.
     */
    void closeWhenIdle() {
        commitLock.lock();
        try {
            while (leading) {
                committed.awaitUninterruptibly();
            }
            availability.markClosed();
        } finally {
            commitLock.unlock();
        }
        io.shutdown();
        applier.shutdown();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (io.awaitTermination(1, TimeUnit.MINUTES) && applier.awaitTermination(1, TimeUnit.MINUTES)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        commitLock.lock();
        try {
            applied.signalAll();
        } finally {
            commitLock.unlock();
        }
    }
}
