package org.qenex.storage.internal;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

import org.qenex.storage.internal.index.IndexWriter;
import org.qenex.storage.internal.index.MapIndex;
import org.qenex.storage.internal.journal.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the index durable up to the last applied record, so the journal can shed what the index
 * already holds: periodically, and early when many records were applied since the last one.
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
    private final long recordsPerCheckpoint;
    private long checkpointed;
    private long appliedSinceCheckpoint;

    /** {@code applyLock} is the engine's; {@code executor} runs the early checkpoints. */
    Checkpoints(MapIndex index, IndexWriter writer, Journal journal, ReentrantLock applyLock, Availability availability,
            OnlineBackup backups, Executor executor, long recordsPerCheckpoint) {
        this.index = index;
        this.writer = writer;
        this.journal = journal;
        this.applyLock = applyLock;
        this.availability = availability;
        this.backups = backups;
        this.executor = executor;
        this.recordsPerCheckpoint = recordsPerCheckpoint;
        this.checkpointed = writer.sequence();
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
        } finally {
            applyLock.unlock();
        }
        // Records stay while the index lacks them or a retained backup needs them for restore.
        journal.prune(Math.min(checkpointed, backups.pruneFloor()));
    }
}
