package org.qenex.storage.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import org.qenex.storage.internal.index.IndexWriter;
import org.qenex.storage.internal.index.MapIndex;
import org.qenex.storage.internal.journal.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the index durable up to the last applied record, so the journal can shed what the index
 * already holds: periodically, and early when many records were applied since the last one.
 *
 * <p>A quiet store is checkpointed less often: while fewer than {@link #QUIET_SHARE} of the records
 * that force a checkpoint were applied since the last one, the periodic run waits until
 * {@link #QUIET_PERIODS} periods have passed. Why: a validator stores a block every 5 s, empty or
 * not, so with the 5 s period every run found something to write, and an idle node paid a MapDB
 * commit, an {@code msync} and a journal prune 12 times a minute (6 of its 90 idle CPU ticks a
 * minute, 2.4 of its wake-ups a second). A crash then replays at most a minute of a quiet store's
 * records (under 1,000); a busy store is checkpointed every period as before.
 */
final class Checkpoints {

    // Logged under the engine's name, which is what operators' logging configuration knows.
    private static final Logger LOG = LoggerFactory.getLogger(StorageEngine.class);

    private final MapIndex index;
    private final IndexWriter writer;
    private final Journal journal;
    private final ReentrantLock applyLock;
    private final Availability availability;
    private final OnlineBackup backups;
    private final Executor executor;
    /** Fewer records than this share of {@code recordsPerCheckpoint} since the last checkpoint: a quiet store. */
    static final int QUIET_SHARE = 20;
    /** How many periods a quiet store's periodic checkpoint waits. */
    static final int QUIET_PERIODS = 12;

    private final long recordsPerCheckpoint;
    private final long quietNanos;
    private final LongSupplier nanoClock;
    private long checkpointed;
    // written under the apply lock, read by the periodic run without it (a stale value only moves a checkpoint by a period)
    private volatile long appliedSinceCheckpoint;
    private volatile long lastCheckpointNanos;

    /**
     * {@code applyLock} is the engine's; {@code executor} runs the early checkpoints; {@code period}
     * is the periodic run's (a quiet store waits {@link #QUIET_PERIODS} of them); {@code nanoClock}
     * as {@link System#nanoTime()}.
     */
    Checkpoints(MapIndex index, IndexWriter writer, Journal journal, ReentrantLock applyLock, Availability availability,
            OnlineBackup backups, Executor executor, long recordsPerCheckpoint, Duration period, LongSupplier nanoClock) {
        this.index = index;
        this.writer = writer;
        this.journal = journal;
        this.applyLock = applyLock;
        this.availability = availability;
        this.backups = backups;
        this.executor = executor;
        this.recordsPerCheckpoint = recordsPerCheckpoint;
        this.quietNanos = period.toNanos() * QUIET_PERIODS;
        this.nanoClock = nanoClock;
        this.checkpointed = writer.sequence();
        this.lastCheckpointNanos = nanoClock.getAsLong();
    }

    /** Counts records applied to the index; call with the apply lock held. */
    void applied(int records) {
        appliedSinceCheckpoint += records;
    }

    /** Starts a checkpoint in the background when enough records were applied since the last one. */
    void requestIfDue() {
        if (appliedSinceCheckpoint >= recordsPerCheckpoint) {
            executor.execute(this::runQuietly);
        }
    }

    /** The periodic run: a checkpoint unless the store is quiet and its last checkpoint recent (see the class comment). */
    void runPeriodic() {
        if (periodicDue(appliedSinceCheckpoint, recordsPerCheckpoint, nanoClock.getAsLong() - lastCheckpointNanos, quietNanos)) {
            runQuietly();
        }
    }

    /** Whether the periodic run checkpoints, {@code applied} records and {@code sinceLast} ns after the last checkpoint. */
    static boolean periodicDue(long applied, long recordsPerCheckpoint, long sinceLastNanos, long quietNanos) {
        return applied * QUIET_SHARE >= recordsPerCheckpoint || sinceLastNanos >= quietNanos;
    }

    /** For the background thread: a failed checkpoint loses nothing, so it is only logged. */
    void runQuietly() {
        try {
            run();
        } catch (RuntimeException | IOException e) {
            LOG.warn("checkpoint failed; the journal still holds every batch", e);
        }
    }

    /** Makes the index durable up to the last applied record, then prunes what the journal no longer needs. */
    void run() throws IOException {
        if (availability.closed() || availability.failure() != null) {
            return;
        }
        applyLock.lock();
        try {
            if (availability.closed() || writer.sequence() == checkpointed) {
                return;
            }
            index.checkpoint(writer.state());
            checkpointed = writer.sequence();
            appliedSinceCheckpoint = 0;
            lastCheckpointNanos = nanoClock.getAsLong();
        } finally {
            applyLock.unlock();
        }
        // Records stay while the index lacks them or a retained backup needs them for restore.
        journal.prune(Math.min(checkpointed, backups.pruneFloor()));
    }
}
