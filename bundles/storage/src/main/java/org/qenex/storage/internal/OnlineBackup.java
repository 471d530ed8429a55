package org.qenex.storage.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.StreamSupport;

import org.qenex.api.health.HealthStatus;
import org.qenex.api.storage.BackupInfo;
import org.qenex.api.storage.Compression;
import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.VerifyResult;
import org.qenex.storage.internal.backup.BackupArchive;
import org.qenex.storage.internal.backup.BackupCatalog;
import org.qenex.storage.internal.index.IndexWriter;
import org.qenex.storage.internal.index.IndexWriter.NamespaceState;
import org.qenex.storage.internal.index.OutOfNodeValues;
import org.qenex.storage.internal.journal.Journal;

/**
 * Backups of the open store, taken while it keeps serving: the index is copied without blocking
 * writers, and the journal records committed meanwhile go into the archive so a restore replays them.
 * Also knows how far the journal may be pruned without breaking a retained backup.
 */
final class OnlineBackup {

    private final EngineSettings settings;
    private final Journal journal;
    private final IndexWriter writer;
    private final BackupCatalog catalog;
    private final ReentrantLock backupLock;
    private final ReentrantLock applyLock;
    private final IncidentSink incidents;
    private volatile long pruneFloor;
    private volatile String lastError;

    /** {@code backupLock} serialises backups; {@code applyLock} is the engine's, held for consistent positions. */
    OnlineBackup(EngineSettings settings, Journal journal, IndexWriter writer, ReentrantLock backupLock,
            ReentrantLock applyLock, IncidentSink incidents) throws IOException {
        this.settings = settings;
        this.journal = journal;
        this.writer = writer;
        this.backupLock = backupLock;
        this.applyLock = applyLock;
        this.incidents = incidents;
        this.catalog = new BackupCatalog(settings.layout().backups());
        this.pruneFloor = oldestPosition(catalog.list());
    }

    /** Takes an online backup, then applies retention. */
    BackupInfo take() {
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
                    archive.namespace(namespaces.get(i).name, compressions.get(i), storedEntries(namespaces.get(i)));
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
            pruneFloor = oldestPosition(catalog.list());
            lastError = null;
            return info;
        } catch (IOException | RuntimeException e) {
            lastError = e.getMessage();
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

    List<BackupInfo> list() {
        try {
            return catalog.list();
        } catch (IOException e) {
            throw new StorageException(StorageException.IO_FAILURE, "cannot list backups: " + e.getMessage(), e);
        }
    }

    VerifyResult verify(String id) {
        VerifyResult result = BackupArchive.verify(id, catalog.archive(id));
        if (!result.intact()) {
            incidents.report(HealthStatus.DEGRADED, "backup " + id + " failed verification: " + String.join("; ", result.problems()),
                    "none", "the backup must not be used for restore");
        }
        return result;
    }

    /** The oldest journal position a retained backup needs for restore; 0 without backups. */
    long pruneFloor() {
        return pruneFloor;
    }

    /** Why the last backup failed, or {@code null} after a success. */
    String lastError() {
        return lastError;
    }

    private static long oldestPosition(List<BackupInfo> backups) {
        return backups.isEmpty() ? 0 : backups.get(0).position();
    }

    /**
     * A namespace's entries with their stored forms, read while records are applied. A value kept
     * in a record of its own is read under the apply lock, as the key holds it then: the record the
     * iterator saw may have been freed by a later write, which the backup's journal part carries.
     * A key deleted meanwhile is left out; the journal part deletes it anyway.
     */
    private Iterator<Map.Entry<byte[], byte[]>> storedEntries(NamespaceState ns) {
        // pulled one entry at a time as the archive writes; of unknown size, so MapDB never counts the map
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(ns.map.entrySet().iterator(), Spliterator.ORDERED), false)
                .map(e -> OutOfNodeValues.isReference(e.getValue()) ? entry(e.getKey(), storedNow(ns, e.getKey())) : e)
                .filter(e -> e.getValue() != null)
                .iterator();
    }

    private static Map.Entry<byte[], byte[]> entry(byte[] key, byte[] stored) {
        return new AbstractMap.SimpleImmutableEntry<>(key, stored);
    }

    private byte[] storedNow(NamespaceState ns, byte[] key) {
        applyLock.lock();
        try {
            byte[] held = ns.map.get(key);
            return held == null ? null : ns.stored(held);
        } finally {
            applyLock.unlock();
        }
    }
}
