package org.qenex.storage.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * waiting committer at once, because one force per group costs far less than one per record. A
 * record is applied to the index (under the write side of {@code visibility}) only once durable.
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
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "qenex-storage-io");
        thread.setDaemon(true);
        return thread;
    });
    private boolean leading;

    private static final class Pending {
        final List<Op> ops;
        JournalRecord record;
        Throwable error;
        boolean done;

        Pending(List<Op> ops) {
            this.ops = ops;
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

    /** Commits {@code ops} as one atomic, durable record and returns its sequence. */
    long commit(List<Op> ops) {
        availability.check();
        Pending mine = new Pending(ops);
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
        List<byte[]> frames = new ArrayList<>(group.size());
        try {
            for (Pending p : group) {
                time = Math.max(time, System.currentTimeMillis());
                p.record = new JournalRecord(++sequence, time, p.ops);
                frames.add(p.record.toFrame());
            }
            journal.append(frames, sequence, time);
        } catch (IOException | RuntimeException e) {
            group.forEach(p -> p.error = e);
            if (e.getSuppressed().length > 0) {
                availability.fail("journal write failed and could not be undone: " + e.getMessage(), e);
            }
            return;
        }
        applyLock.lock();
        long stamp = visibility.writeLock();
        try {
            for (Pending p : group) {
                writer.apply(p.record, (ns, key) -> cache.invalidate(new ReadCache.Key(ns, key)));
            }
            checkpoints.applied(group.size());
        } catch (RuntimeException e) {
            availability.fail("applying journal records to the index failed: " + e.getMessage(), e);
            group.forEach(p -> p.error = e);
            return;
        } finally {
            visibility.unlockWrite(stamp);
            applyLock.unlock();
        }
        checkpoints.requestIfDue();
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

    /** Waits for the group being written, then marks the engine closed so no further group starts. */
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
    }
}
