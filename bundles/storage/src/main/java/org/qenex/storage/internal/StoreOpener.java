package org.qenex.storage.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.qenex.api.health.HealthStatus;
import org.qenex.api.storage.BackupInfo;
import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.StoreUnavailableException;
import org.qenex.storage.internal.backup.BackupArchive;
import org.qenex.storage.internal.backup.BackupCatalog;
import org.qenex.storage.internal.index.IndexState;
import org.qenex.storage.internal.index.IndexWriter;
import org.qenex.storage.internal.index.MapIndex;
import org.qenex.storage.internal.journal.Journal;
import org.qenex.storage.internal.journal.JournalRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a store: lock, finish an interrupted restore, open the journal (truncating a torn tail),
 * open and check the index within a bounded time, rebuild it from the last good backup and the
 * journal when it is damaged, then replay the journal past the index's checkpoint. Everything
 * detected and done is reported to the {@link IncidentSink}.
 */
final class StoreOpener {

    private static final Logger LOG = LoggerFactory.getLogger(StoreOpener.class);

    private StoreOpener() {
    }

    static StorageEngine open(EngineSettings settings, IncidentSink incidents) {
        StoreLayout layout = settings.layout();
        StoreLock lock = StoreLock.acquire(layout.lock());
        Journal journal = null;
        MapIndex index = null;
        try {
            RestoreSwap.completeIfPending(layout, incidents);
            journal = Journal.open(layout.journal(), settings.segmentBytes(), 1);
            if (journal.tornTail() != null) {
                incidents.report(HealthStatus.DEGRADED, "commit journal ended in a torn record (a write cut by a crash): "
                        + journal.tornTail(), "truncated the partial record", "no acknowledged batch was lost");
            }
            String problem;
            try {
                index = openChecked(layout.index(), journal, settings);
                problem = null;
            } catch (DamagedIndexException e) {
                problem = e.getMessage();
            }
            if (index == null) {
                incidents.report(HealthStatus.DEGRADED, "index damaged: " + problem, "rebuilding it from the journal"
                        + (journal.firstSequence() == 1 ? "" : " and the newest good backup"), "in progress");
                index = rebuild(layout, journal, settings.nodeCacheBytes());
                incidents.report(HealthStatus.UP, "index rebuilt", "rebuilt from the journal", "index at position "
                        + index.state().sequence() + " before replay");
            }
            IndexWriter writer;
            try {
                writer = catchUp(index, journal);
            } catch (RuntimeException e) {
                // MapDB damage that reading does not reveal (its free-space lists, say) shows up on the
                // first writes: the index is rebuilt then too.
                incidents.report(HealthStatus.DEGRADED, "index damaged: writing the journal's records into it failed: " + e,
                        "rebuilding it from the journal" + (journal.firstSequence() == 1 ? "" : " and the newest good backup"),
                        "in progress");
                try {
                    index.abandon();
                } catch (RuntimeException closing) {
                    LOG.debug("closing the damaged index", closing);
                }
                index = null;
                index = rebuild(layout, journal, settings.nodeCacheBytes());
                writer = catchUp(index, journal);
                incidents.report(HealthStatus.UP, "index rebuilt", "rebuilt from the journal", "index at position "
                        + writer.sequence());
            }
            return new StorageEngine(settings, lock, journal, index, writer, incidents);
        } catch (IOException | RuntimeException e) {
            closeQuietly(index, journal, lock);
            if (e instanceof StoreUnavailableException su) {
                throw su;
            }
            incidents.report(HealthStatus.DOWN, "store failed to open: " + e.getMessage(), "none", "store unavailable");
            throw new StoreUnavailableException(StorageException.STORE_UNAVAILABLE, "store failed to open: " + e.getMessage(), e);
        }
    }

    private static final class DamagedIndexException extends Exception {
        private static final long serialVersionUID = 1L;

        DamagedIndexException(String message) {
            super(message);
        }
    }

    /**
     * Opens the index on another thread and waits at most the verify timeout: a damaged MapDB file
     * can make opening or iterating hang, and opening the store must not.
     */
    private static MapIndex openChecked(Path dir, Journal journal, EngineSettings settings) throws DamagedIndexException {
        AtomicBoolean cancelled = new AtomicBoolean();
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "qenex-storage-verify");
            t.setDaemon(true);
            return t;
        });
        Future<MapIndex> opening = executor.submit(() -> {
            MapIndex index = MapIndex.open(dir, settings.nodeCacheBytes());
            try {
                IndexState state = index.state();
                if (state.sequence() > journal.lastSequence()) {
                    throw new DamagedIndexException("index is at position " + state.sequence() + " but the journal ends at "
                            + journal.lastSequence());
                }
                if (state.sequence() < journal.firstSequence() - 1) {
                    throw new DamagedIndexException("index is at position " + state.sequence()
                            + " but the journal only starts at " + journal.firstSequence());
                }
                if (!index.closedCleanly()) {
                    String problem = index.verify(state, cancelled::get);
                    if (problem != null) {
                        throw new DamagedIndexException(problem);
                    }
                }
                return index;
            } catch (Throwable t) {
                try {
                    index.abandon();
                } catch (RuntimeException closing) {
                    t.addSuppressed(closing);
                }
                throw t;
            }
        });
        executor.shutdown();
        try {
            return opening.get(settings.verifyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            cancelled.set(true);
            opening.cancel(true);
            LOG.warn("index check did not finish in time; its thread is abandoned");
            throw new DamagedIndexException("index check did not finish within " + settings.verifyTimeout().toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new DamagedIndexException(cause instanceof DamagedIndexException ? cause.getMessage()
                    : "index cannot be opened: " + cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DamagedIndexException("interrupted while checking the index");
        }
    }

    /**
     * Moves the damaged index aside and builds a new one: from the journal alone if it starts at
     * the first record ever written, else from the newest backup that verifies and that the journal
     * continues.
     */
    static MapIndex rebuild(StoreLayout layout, Journal journal, long nodeCacheBytes) throws IOException {
        if (Files.exists(layout.index())) {
            deleteTree(layout.damagedIndex());
            Files.move(layout.index(), layout.damagedIndex());
        }
        MapIndex index = MapIndex.open(layout.index(), nodeCacheBytes);
        try {
            IndexWriter writer = new IndexWriter(index, IndexState.empty());
            if (journal.firstSequence() > 1) {
                BackupCatalog catalog = new BackupCatalog(layout.backups());
                List<BackupInfo> candidates = catalog.list();
                BackupInfo base = null;
                for (int i = candidates.size() - 1; i >= 0 && base == null; i--) {
                    BackupInfo b = candidates.get(i);
                    if (b.position() >= journal.firstSequence() - 1 && b.position() <= journal.lastSequence()
                            && BackupArchive.verify(b.id(), catalog.archive(b.id())).intact()) {
                        base = b;
                    }
                }
                if (base == null) {
                    throw new IOException("no intact backup connects to the journal, which starts at record "
                            + journal.firstSequence());
                }
                BackupArchive.loadInto(catalog.archive(base.id()), writer);
            }
            replay(journal, writer, writer.sequence() + 1);
            index.checkpoint(writer.state());
            return index;
        } catch (IOException | RuntimeException e) {
            index.abandon();
            throw e;
        }
    }

    /** Applies the journal past the index's checkpoint and checkpoints the result. */
    private static IndexWriter catchUp(MapIndex index, Journal journal) throws IOException {
        IndexWriter writer = new IndexWriter(index, index.state());
        replay(journal, writer, writer.sequence() + 1);
        index.checkpoint(writer.state());
        return writer;
    }

    private static void replay(Journal journal, IndexWriter writer, long from) throws IOException {
        journal.replay(from, Long.MAX_VALUE, (JournalRecord r) -> {
            writer.apply(r, (ns, key) -> {
            });
            return true;
        });
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private static void closeQuietly(MapIndex index, Journal journal, StoreLock lock) {
        try {
            if (index != null) {
                index.abandon();
            }
        } catch (RuntimeException e) {
            LOG.debug("closing index after a failed open", e);
        }
        try {
            if (journal != null) {
                journal.close();
            }
        } catch (IOException e) {
            LOG.debug("closing journal after a failed open", e);
        }
        try {
            lock.close();
        } catch (IOException e) {
            LOG.debug("releasing lock after a failed open", e);
        }
    }
}
