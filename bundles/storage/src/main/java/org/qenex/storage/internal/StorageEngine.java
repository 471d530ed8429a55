package org.qenex.storage.internal;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;

import org.qenex.api.health.HealthResult;
import org.qenex.api.storage.Batch;
import org.qenex.api.storage.BackupInfo;
import org.qenex.api.storage.Codec;
import org.qenex.api.storage.CommitTimes;
import org.qenex.api.storage.Compression;
import org.qenex.api.storage.InvalidInputException;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.Store;
import org.qenex.api.storage.StoreStatistics;
import org.qenex.api.storage.VerifyResult;
import org.qenex.storage.internal.index.IndexWriter;
import org.qenex.storage.internal.index.IndexWriter.NamespaceState;
import org.qenex.storage.internal.index.MapIndex;
import org.qenex.storage.internal.journal.Journal;
import org.qenex.storage.internal.journal.Op;

/**
 * The open store: commits batches to the journal ({@link GroupCommit}), applies them to the MapDB
 * index, serves reads ({@link IndexReads}), checkpoints the index in the background
 * ({@link Checkpoints}) and takes online backups ({@link OnlineBackup}). Opening is done by
 * {@link StoreOpener}.
 *
 * <p>Locks, always taken in this order: {@code backupLock} serialises backups and close;
 * {@code applyLock} guards applying to the index, checkpoints and backup positions; the write side
 * of {@code visibility} is held while a group is applied and every read takes the read side, so a
 * reader sees a batch whole or not at all, and only after it is durable. A commit returns once
 * durable and is applied just after; a read first waits for every record durable when it began.
 */
public final class StorageEngine implements Store, Closeable {

    private final EngineSettings settings;
    private final StoreLock lock;
    private final Journal journal;
    private final MapIndex index;
    private final IndexWriter writer;
    private final ReadCache cache;
    private final Availability availability;
    private final StampedLock visibility = new StampedLock();
    private final ReentrantLock applyLock = new ReentrantLock();
    private final ReentrantLock backupLock = new ReentrantLock();
    /**
     * Read side: a commit, from checking its namespaces exist until its record is in the journal.
     * Write side: a drop. So a write never lands in the journal after the drop of its namespace
     * (replay would find a write to an undefined namespace).
     */
    private final ReentrantReadWriteLock drops = new ReentrantReadWriteLock();
    private final OnlineBackup backups;
    private final ScheduledExecutorService checkpointer;
    private final Checkpoints checkpoints;
    private final IndexReads reads;
    private final GroupCommit commits;
    private final CommitTimer commitTimer = new CommitTimer();
    private final DiskSpace diskSpace;

    StorageEngine(EngineSettings settings, StoreLock lock, Journal journal, MapIndex index, IndexWriter writer,
            IncidentSink incidents) throws IOException {
        this.settings = settings;
        this.lock = lock;
        this.journal = journal;
        this.index = index;
        this.writer = writer;
        this.cache = new ReadCache(settings.cacheBytes());
        this.diskSpace = new DiskSpace(settings.root());
        this.availability = new Availability(incidents);
        // Before the checkpoint thread starts, so a failure here leaves no thread behind.
        this.backups = new OnlineBackup(settings, journal, writer, backupLock, applyLock, incidents);
        this.checkpointer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "qenex-storage-checkpoint");
            t.setDaemon(true);
            return t;
        });
        this.checkpoints = new Checkpoints(index, writer, journal, applyLock, availability, backups, checkpointer,
                settings.checkpointRecords(), settings.checkpointInterval(), System::nanoTime);
        this.reads = new IndexReads(writer, cache, visibility);
        this.commits = new GroupCommit(journal, writer, cache, visibility, applyLock, availability, checkpoints);
        long period = settings.checkpointInterval().toMillis();
        checkpointer.scheduleWithFixedDelay(checkpoints::runPeriodic, period, period, TimeUnit.MILLISECONDS);
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
        define(name, compression, List.of());
        return handle;
    }

    /**
     * Defines {@code name} if it is missing (or switches its compression), and commits {@code with}
     * in the same record: a namespace and its ownership record appear together or not at all.
     * Returns once applied: the namespace then exists for commits and reads.
     */
    void define(String name, Compression compression, List<BatchOp> with) {
        InputRules.namespace(name);
        drops.readLock().lock();
        try {
            List<Op> ops = new ArrayList<>(with.size() + 1);
            NamespaceState ns = writer.namespace(name);
            if (ns == null || (compression != null && ns.compression() != compression)) {
                ops.add(Op.define(name, compression == null ? Compression.NONE : compression));
            }
            ops.addAll(encode(with));
            if (!ops.isEmpty()) {
                commits.awaitApplied(commits.commit(ops));
            }
        } finally {
            drops.readLock().unlock();
        }
    }

    /**
     * Drops {@code name} and commits {@code with} (its ownership record's delete) as one durable
     * record; returns once applied. {@code false}, and nothing committed, if it does not exist.
     */
    boolean drop(String name, List<BatchOp> with) {
        drops.writeLock().lock();
        try {
            availability.check();
            if (writer.namespace(name) == null) {
                return false;
            }
            List<Op> ops = new ArrayList<>(encode(with));
            ops.add(0, Op.drop(name));
            commits.awaitApplied(commits.commit(ops));
            return true;
        } finally {
            drops.writeLock().unlock();
        }
    }

    @Override
    public List<String> namespaces() {
        availability.check();
        readable();
        return writer.namespaces().stream().map(ns -> ns.name).sorted().toList();
    }

    Compression compression(String name) {
        return existing(name).compression();
    }

    private NamespaceState existing(String name) {
        availability.check();
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
            availability.check();
            return writer.sequence();
        }
        long started = System.nanoTime();
        drops.readLock().lock();
        try {
            long sequence = commits.commit(encode(ops));
            // only commits that became durable: a failed one is an incident, not a latency
            commitTimer.record(System.nanoTime() - started);
            return sequence;
        } finally {
            drops.readLock().unlock();
        }
    }

    /** How long the commits of batches took since this engine opened. */
    public CommitTimes commitTimes() {
        return commitTimer.snapshot();
    }

    /** The journal operations for {@code ops}; each namespace must exist. */
    private List<Op> encode(List<BatchOp> ops) {
        List<Op> stored = new ArrayList<>(ops.size());
        for (BatchOp op : ops) {
            NamespaceState ns = existing(op.namespace());
            stored.add(op.value() == null ? Op.delete(op.namespace(), op.key())
                    : Op.put(op.namespace(), op.key(), StoredValues.encode(op.value(), ns.compression())));
        }
        return stored;
    }

    // ---- reads ------------------------------------------------------------------------------

    /** The value (decompressed) under {@code key}, or {@code null}. Callers must not modify it. */
    byte[] get(String namespace, byte[] key) {
        readable();
        return reads.get(existing(namespace), key);
    }

    /** Up to {@code limit} (key, value) pairs with {@code from <= key < to}; null bounds are open. */
    List<byte[][]> scan(String namespace, byte[] from, byte[] to, int limit) {
        readable();
        return reads.scan(existing(namespace), from, to, limit);
    }

    long count(String namespace) {
        readable();
        return reads.count(existing(namespace));
    }

    long count(String namespace, byte[] from, byte[] to) {
        readable();
        return reads.count(existing(namespace), from, to);
    }

    /** A read sees every commit that returned before it began: it waits for their records' apply. */
    private void readable() {
        commits.awaitApplied(journal.lastSequence());
    }

    @Override
    public StoreStatistics statistics() {
        availability.check();
        readable();
        return new StoreStatistics(reads.namespaceStatistics(), cache.hits(), cache.misses(), cache.entries(), cache.bytes(),
                journal.sizeBytes(), index.sizeBytes(), writer.sequence(), diskSpace.usableBytes());
    }

    // ---- checkpoints, backups, health -------------------------------------------------------

    /** Makes the index durable up to the last applied record, then prunes what the journal no longer needs. */
    void checkpoint() throws IOException {
        checkpoints.run();
    }

    /** Takes an online backup, then applies retention. */
    public BackupInfo backup() {
        availability.check();
        // a backup holds every batch committed before it was asked for
        readable();
        return backups.take();
    }

    public List<BackupInfo> listBackups() {
        return backups.list();
    }

    public VerifyResult verifyBackup(String id) {
        return backups.verify(id);
    }

    /** UP, DEGRADED when the disk is nearly full or the last backup failed, DOWN after a write failure. */
    public HealthResult health() {
        Throwable failed = availability.failure();
        if (availability.closed()) {
            return HealthResult.down("store is closed");
        }
        if (failed != null) {
            return HealthResult.down("store stopped after a failure: " + failed.getMessage());
        }
        long free = diskSpace.usableBytes();
        if (free >= 0 && free < settings.diskLowBytes()) {
            return HealthResult.degraded("disk nearly full: " + (free >> 20) + " MiB free");
        }
        String backupError = backups.lastError();
        if (backupError != null) {
            return HealthResult.degraded("last backup failed: " + backupError);
        }
        return HealthResult.up(writer.namespaces().size() + " namespaces, journal position " + writer.sequence());
    }

    /** The lock a checkpoint or backup holds while it has the index (for tests that play one). */
    ReentrantLock indexLock() {
        return applyLock;
    }

    /** The index as records are applied to it (for tests that look at what its nodes hold). */
    IndexWriter indexWriter() {
        return writer;
    }

    /** The journal's oldest record still kept (for tests and diagnostics). */
    long journalFirstSequence() {
        return journal.firstSequence();
    }

    int journalSegments() {
        return journal.segmentCount();
    }

    /** Waits for commits in progress, checkpoints, closes the files and releases the lock. */
    @Override
    public void close() throws IOException {
        commits.closeWhenIdle();
        checkpointer.shutdown();
        try {
            checkpointer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        backupLock.lock();
        applyLock.lock();
        try {
            if (availability.failure() == null) {
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
