package org.qenex.storage.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.StampedLock;

import org.qenex.api.health.HealthResult;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.storage.Batch;
import org.qenex.api.storage.BackupInfo;
import org.qenex.api.storage.Codec;
import org.qenex.api.storage.Compression;
import org.qenex.api.storage.InvalidInputException;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.NamespaceStatistics;
import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.Store;
import org.qenex.api.storage.StoreStatistics;
import org.qenex.api.storage.StoreUnavailableException;
import org.qenex.api.storage.VerifyResult;
import org.qenex.storage.internal.backup.BackupArchive;
import org.qenex.storage.internal.backup.BackupCatalog;
import org.qenex.storage.internal.index.IndexState;
import org.qenex.storage.internal.index.IndexWriter;
import org.qenex.storage.internal.index.IndexWriter.NamespaceState;
import org.qenex.storage.internal.index.MapIndex;
import org.qenex.storage.internal.journal.Journal;
import org.qenex.storage.internal.journal.JournalRecord;
import org.qenex.storage.internal.journal.Op;

/**
 * The open store: commits batches to the journal (group commit: one leader writes and forces the
 * records of every waiting committer at once), applies them to the MapDB index, serves reads, and
 * checkpoints the index in the background. Opening is done by {@link StoreOpener}.
 *
 * <p>Visibility: a batch is applied to the index under the write side of {@code visibility}, and
 * every read takes the read side, so a reader sees a batch whole or not at all, and only after it
 * is durable.
 */
public final class StorageEngine implements Store, Closeable {

    private static final System.Logger LOG = System.getLogger(StorageEngine.class.getName());

    private final EngineSettings settings;
    private final StoreLock lock;
    private final Journal journal;
    private final MapIndex index;
    private final IndexWriter writer;
    private final ReadCache cache;
    private final IncidentSink incidents;
    private final BackupCatalog catalog;
    private final StampedLock visibility = new StampedLock();
    private final ReentrantLock applyLock = new ReentrantLock();
    private final ReentrantLock commitLock = new ReentrantLock();
    private final Condition committed = commitLock.newCondition();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final ReentrantLock backupLock = new ReentrantLock();
    private final ScheduledExecutorService checkpointer;
    private boolean leading;
    private long checkpointed;
    private long appliedSinceCheckpoint;
    private volatile long pruneFloor;
    private volatile Throwable failure;
    private volatile boolean closed;
    private volatile String lastBackupError;

    private static final class Pending {
        final List<Op> ops;
        JournalRecord record;
        Throwable error;
        boolean done;

        Pending(List<Op> ops) {
            this.ops = ops;
        }
    }

    StorageEngine(EngineSettings settings, StoreLock lock, Journal journal, MapIndex index, IndexWriter writer,
            IncidentSink incidents) throws IOException {
        this.settings = settings;
        this.lock = lock;
        this.journal = journal;
        this.index = index;
        this.writer = writer;
        this.incidents = incidents;
        this.cache = new ReadCache(settings.cacheBytes());
        this.catalog = new BackupCatalog(settings.layout().backups());
        this.checkpointed = writer.sequence();
        List<BackupInfo> backups = catalog.list();
        this.pruneFloor = backups.isEmpty() ? 0 : backups.get(0).position();
        this.checkpointer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "qenex-storage-checkpoint");
            t.setDaemon(true);
            return t;
        });
        long period = settings.checkpointInterval().toMillis();
        checkpointer.scheduleWithFixedDelay(this::checkpointQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    /** Opens the store under {@code settings.root()}; see {@link StoreOpener}. */
    public static StorageEngine open(EngineSettings settings, IncidentSink incidents) {
        return StoreOpener.open(settings, incidents);
    }

    public EngineSettings settings() {
        return settings;
    }

    // ---- namespaces -------------------------------------------------------------------------

    @Override
    public <K, V> Namespace<K, V> namespace(String name, Codec<K> keyCodec, Codec<V> valueCodec) {
        return namespace(name, null, keyCodec, valueCodec);
    }

    @Override
    public <K, V> Namespace<K, V> namespace(String name, Compression compression, Codec<K> keyCodec, Codec<V> valueCodec) {
        return handle(() -> this, name, compression, keyCodec, valueCodec);
    }

    /** A handle reaching the engine through {@code engine}, after defining the namespace if needed. */
    <K, V> Namespace<K, V> handle(java.util.function.Supplier<StorageEngine> engine, String name, Compression compression,
            Codec<K> keyCodec, Codec<V> valueCodec) {
        NamespaceHandle<K, V> handle = new NamespaceHandle<>(engine, InputRules.namespace(name), keyCodec, valueCodec);
        NamespaceState ns = writer.namespace(name);
        if (ns == null || (compression != null && ns.compression() != compression)) {
            commitOps(List.of(Op.define(name, compression == null ? Compression.NONE : compression)));
        }
        return handle;
    }

    @Override
    public List<String> namespaces() {
        checkOpen();
        return writer.namespaces().stream().map(ns -> ns.name).sorted().toList();
    }

    Compression compression(String name) {
        return existing(name).compression();
    }

    private NamespaceState existing(String name) {
        checkOpen();
        NamespaceState ns = writer.namespace(name);
        if (ns == null) {
            throw new InvalidInputException(StorageException.INVALID_NAMESPACE, "namespace " + name + " does not exist");
        }
        return ns;
    }

    // ---- writes -----------------------------------------------------------------------------

    @Override
    public Batch batch() {
        return new JournalBatch(() -> this);
    }

    /** Commits encoded writes as one atomic, durable record. */
    long commit(List<BatchOp> ops) {
        if (ops.isEmpty()) {
            checkOpen();
            return writer.sequence();
        }
        List<Op> stored = new ArrayList<>(ops.size());
        for (BatchOp op : ops) {
            NamespaceState ns = existing(op.namespace());
            stored.add(op.value() == null ? Op.delete(op.namespace(), op.key())
                    : Op.put(op.namespace(), op.key(), StoredValues.encode(op.value(), ns.compression())));
        }
        return commitOps(stored);
    }

    private long commitOps(List<Op> ops) {
        checkOpen();
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
                    writeGroup(group);
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
        Throwable failed = failure;
        if (failed != null || closed) {
            StoreUnavailableException e = unavailable();
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
                fail("journal write failed and could not be undone: " + e.getMessage(), e);
            }
            return;
        }
        applyLock.lock();
        long stamp = visibility.writeLock();
        try {
            for (Pending p : group) {
                writer.apply(p.record, (ns, key) -> cache.invalidate(new ReadCache.Key(ns, key)));
            }
            appliedSinceCheckpoint += group.size();
        } catch (RuntimeException e) {
            fail("applying journal records to the index failed: " + e.getMessage(), e);
            group.forEach(p -> p.error = e);
            return;
        } finally {
            visibility.unlockWrite(stamp);
            applyLock.unlock();
        }
        if (appliedSinceCheckpoint >= settings.checkpointRecords()) {
            checkpointer.execute(this::checkpointQuietly);
        }
    }

    private void fail(String cause, Throwable e) {
        failure = e;
        LOG.log(System.Logger.Level.ERROR, cause, e);
        incidents.report(HealthStatus.DOWN, cause, "store stopped accepting writes",
                "the next open replays the journal and rebuilds what is needed");
    }

    // ---- reads ------------------------------------------------------------------------------

    /** The value (decompressed) under {@code key}, or {@code null}. Callers must not modify it. */
    byte[] get(String namespace, byte[] key) {
        NamespaceState ns = existing(namespace);
        ReadCache.Key cacheKey = new ReadCache.Key(ns.id, key);
        long stamp = visibility.readLock();
        try {
            byte[] value = cache.get(cacheKey);
            if (value == null) {
                byte[] stored = ns.map.get(key);
                if (stored == null) {
                    return null;
                }
                value = StoredValues.decode(stored);
                cache.put(cacheKey, value);
            }
            return value;
        } finally {
            visibility.unlockRead(stamp);
        }
    }

    /** Up to {@code limit} (key, value) pairs with {@code from <= key < to}; null bounds are open. */
    List<byte[][]> scan(String namespace, byte[] from, byte[] to, int limit) {
        NamespaceState ns = existing(namespace);
        List<byte[][]> out = new ArrayList<>(Math.min(limit, 1024));
        long stamp = visibility.readLock();
        try {
            for (Map.Entry<byte[], byte[]> e : slice(ns, from, to).entrySet()) {
                out.add(new byte[][] {e.getKey(), StoredValues.decode(e.getValue())});
                if (out.size() >= limit) {
                    break;
                }
            }
        } finally {
            visibility.unlockRead(stamp);
        }
        return out;
    }

    private static NavigableMap<byte[], byte[]> slice(NamespaceState ns, byte[] from, byte[] to) {
        if (from != null && to != null) {
            if (java.util.Arrays.compareUnsigned(from, to) >= 0) {
                return java.util.Collections.emptyNavigableMap();
            }
            return ns.map.subMap(from, true, to, false);
        }
        if (from != null) {
            return ns.map.tailMap(from, true);
        }
        if (to != null) {
            return ns.map.headMap(to, false);
        }
        return ns.map;
    }

    long count(String namespace) {
        NamespaceState ns = existing(namespace);
        long stamp = visibility.readLock();
        try {
            return ns.entries();
        } finally {
            visibility.unlockRead(stamp);
        }
    }

    long count(String namespace, byte[] from, byte[] to) {
        NamespaceState ns = existing(namespace);
        if (from == null && to == null) {
            return count(namespace);
        }
        long stamp = visibility.readLock();
        try {
            long n = 0;
            for (var it = slice(ns, from, to).keySet().iterator(); it.hasNext(); it.next()) {
                n++;
            }
            return n;
        } finally {
            visibility.unlockRead(stamp);
        }
    }

    @Override
    public StoreStatistics statistics() {
        checkOpen();
        List<NamespaceStatistics> namespaces = new ArrayList<>();
        long stamp = visibility.readLock();
        try {
            for (IndexState.NamespaceFigures f : writer.state().namespaces()) {
                namespaces.add(new NamespaceStatistics(f.name(), f.compression(), f.entries(), f.keyBytes(), f.valueBytes(),
                        f.storedBytes()));
            }
        } finally {
            visibility.unlockRead(stamp);
        }
        return new StoreStatistics(namespaces, cache.hits(), cache.misses(), cache.entries(), cache.bytes(),
                journal.sizeBytes(), index.sizeBytes(), writer.sequence(), diskFree());
    }

    private long diskFree() {
        try {
            return Files.getFileStore(settings.root()).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    // ---- checkpoints, backups, health -------------------------------------------------------

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (RuntimeException | IOException e) {
            LOG.log(System.Logger.Level.WARNING, "checkpoint failed; the journal still holds every batch", e);
        }
    }

    /** Makes the index durable up to the last applied record, then prunes what the journal no longer needs. */
    void checkpoint() throws IOException {
        if (closed || failure != null) {
            return;
        }
        applyLock.lock();
        try {
            if (closed || writer.sequence() == checkpointed) {
                return;
            }
            index.checkpoint(writer.state());
            checkpointed = writer.sequence();
            appliedSinceCheckpoint = 0;
        } finally {
            applyLock.unlock();
        }
        // Records stay while the index lacks them or a retained backup needs them for restore.
        journal.prune(Math.min(checkpointed, pruneFloor));
    }

    /** Takes an online backup, then applies retention. */
    public BackupInfo backup() {
        checkOpen();
        backupLock.lock();
        try {
            long start;
            List<NamespaceState> namespaces;
            List<Compression> compressions = new ArrayList<>();
            applyLock.lock();
            try {
                start = writer.sequence();
                namespaces = writer.namespaces();
                namespaces.sort((a, b) -> a.name.compareTo(b.name));
                namespaces.forEach(ns -> compressions.add(ns.compression()));
            } finally {
                applyLock.unlock();
            }
            BackupInfo info;
            try (BackupArchive.Writer archive = BackupArchive.create(catalog.dir())) {
                for (int i = 0; i < namespaces.size(); i++) {
                    archive.namespace(namespaces.get(i).name, compressions.get(i), namespaces.get(i).map.entrySet().iterator());
                }
                long end;
                long endTime;
                applyLock.lock();
                try {
                    end = writer.sequence();
                    endTime = writer.time();
                } finally {
                    applyLock.unlock();
                }
                archive.journal(journal, start + 1, end);
                Instant created = Instant.ofEpochMilli(Math.max(System.currentTimeMillis(), endTime));
                info = archive.finish(catalog.dir(), created, start, end);
            }
            catalog.applyRetention(settings.retainCount(), settings.retainAge(), Instant.now());
            List<BackupInfo> retained = catalog.list();
            pruneFloor = retained.isEmpty() ? 0 : retained.get(0).position();
            lastBackupError = null;
            return info;
        } catch (IOException | RuntimeException e) {
            lastBackupError = e.getMessage();
            incidents.report(HealthStatus.DEGRADED, "backup failed: " + e.getMessage(), "none",
                    "the previous backups and the journal are unchanged");
            if (e instanceof StorageException se) {
                throw se;
            }
            throw new StorageException(StorageException.IO_FAILURE, "backup failed: " + e.getMessage(), e);
        } finally {
            backupLock.unlock();
        }
    }

    public List<BackupInfo> listBackups() {
        try {
            return catalog.list();
        } catch (IOException e) {
            throw new StorageException(StorageException.IO_FAILURE, "cannot list backups: " + e.getMessage(), e);
        }
    }

    public VerifyResult verifyBackup(String id) {
        VerifyResult result = BackupArchive.verify(id, catalog.archive(id));
        if (!result.intact()) {
            incidents.report(HealthStatus.DEGRADED, "backup " + id + " failed verification: " + String.join("; ", result.problems()),
                    "none", "the backup must not be used for restore");
        }
        return result;
    }

    /** UP, DEGRADED when the disk is nearly full or the last backup failed, DOWN after a write failure. */
    public HealthResult health() {
        Throwable failed = failure;
        if (closed) {
            return HealthResult.down("store is closed");
        }
        if (failed != null) {
            return HealthResult.down("store stopped after a failure: " + failed.getMessage());
        }
        long free = diskFree();
        if (free >= 0 && free < settings.diskLowBytes()) {
            return HealthResult.degraded("disk nearly full: " + (free >> 20) + " MiB free");
        }
        String backupError = lastBackupError;
        if (backupError != null) {
            return HealthResult.degraded("last backup failed: " + backupError);
        }
        return HealthResult.up(writer.namespaces().size() + " namespaces, journal position " + writer.sequence());
    }

    /** The journal's oldest record still kept (for tests and diagnostics). */
    long journalFirstSequence() {
        return journal.firstSequence();
    }

    int journalSegments() {
        return journal.segmentCount();
    }

    private void checkOpen() {
        if (closed || failure != null) {
            throw unavailable();
        }
    }

    private StoreUnavailableException unavailable() {
        return new StoreUnavailableException(StorageException.STORE_UNAVAILABLE,
                closed ? "the store is closed" : "the store stopped after a failure: " + failure.getMessage());
    }

    /** Waits for commits in progress, checkpoints, closes the files and releases the lock. */
    @Override
    public void close() throws IOException {
        commitLock.lock();
        try {
            while (leading) {
                committed.awaitUninterruptibly();
            }
            closed = true;
        } finally {
            commitLock.unlock();
        }
        checkpointer.shutdown();
        try {
            checkpointer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        backupLock.lock();
        applyLock.lock();
        try {
            if (failure == null) {
                index.closeCleanly(writer.state());
            } else {
                index.abandon();
            }
            cache.clear();
        } finally {
            applyLock.unlock();
            backupLock.unlock();
            try {
                journal.close();
            } finally {
                lock.close();
            }
        }
    }
}
