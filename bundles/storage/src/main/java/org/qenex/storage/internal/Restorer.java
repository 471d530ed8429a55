package org.qenex.storage.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.qenex.api.health.HealthStatus;
import org.qenex.api.storage.BackupInfo;
import org.qenex.api.storage.BackupTamperedException;
import org.qenex.api.storage.RestoreRefusedException;
import org.qenex.api.storage.RestoreResult;
import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.VerifyResult;
import org.qenex.storage.internal.backup.BackupArchive;
import org.qenex.storage.internal.backup.BackupCatalog;
import org.qenex.storage.internal.backup.Manifest;
import org.qenex.storage.internal.index.IndexState;
import org.qenex.storage.internal.index.IndexWriter;
import org.qenex.storage.internal.index.MapIndex;
import org.qenex.storage.internal.journal.Journal;

/**
 * Restores a closed store (the caller holds no engine on it; the store lock is taken here).
 *
 * <p>The new store is built completely in the staging folder first: an index loaded from the backup
 * and, for a point-in-time restore, the journal records after the backup up to the time asked; a
 * journal holding those same records; and a copy of the backup as the base of the new history.
 * Only then does {@link RestoreSwap} replace the live files, keeping the old ones aside. Any
 * failure before the swap leaves the store exactly as it was.
 */
public final class Restorer {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private Restorer() {
    }

    /** Restores backup {@code id} as it is. */
    public static RestoreResult restore(EngineSettings settings, String id, IncidentSink incidents) {
        return run(settings, id, null, incidents);
    }

    /** Restores the store as of {@code time}. */
    public static RestoreResult restoreAt(EngineSettings settings, Instant time, IncidentSink incidents) {
        if (time == null) {
            throw new org.qenex.api.storage.InvalidInputException(StorageException.INVALID_ARGUMENT, "a restore time is required");
        }
        return run(settings, null, time, incidents);
    }

    private static RestoreResult run(EngineSettings settings, String id, Instant time, IncidentSink incidents) {
        StoreLayout layout = settings.layout();
        try (StoreLock lock = StoreLock.acquire(layout.lock())) {
            RestoreSwap.completeIfPending(layout, incidents);
            BackupCatalog catalog = new BackupCatalog(layout.backups());
            BackupInfo base = id != null ? find(catalog, id) : newestAtOrBefore(catalog, time);
            Path archive = catalog.archive(base.id());
            VerifyResult check = BackupArchive.verify(base.id(), archive);
            if (!check.intact()) {
                incidents.report(HealthStatus.DEGRADED, "restore refused: backup " + base.id() + " is damaged: "
                        + String.join("; ", check.problems()), "none", "store unchanged");
                throw new BackupTamperedException(StorageException.BACKUP_TAMPERED,
                        "backup " + base.id() + " does not match its manifest: " + String.join("; ", check.problems()));
            }
            RestoreResult result = build(settings, layout, archive, time);
            incidents.report(HealthStatus.UP, "store restored from backup " + base.id()
                    + (time == null ? "" : " to " + time), "replayed " + result.replayed() + " journal records",
                    "position " + result.position() + "; previous files kept in " + result.previousState());
            return result;
        } catch (IOException e) {
            throw new StorageException(StorageException.IO_FAILURE, "restore failed, store unchanged: " + e.getMessage(), e);
        }
    }

    private static BackupInfo find(BackupCatalog catalog, String id) throws IOException {
        catalog.archive(id);
        for (BackupInfo b : catalog.list()) {
            if (b.id().equals(id)) {
                return b;
            }
        }
        throw new BackupTamperedException(StorageException.BACKUP_TAMPERED, "backup " + id + " has no readable manifest");
    }

    private static BackupInfo newestAtOrBefore(BackupCatalog catalog, Instant time) throws IOException {
        List<BackupInfo> all = catalog.list();
        BackupInfo best = null;
        for (BackupInfo b : all) {
            if (!b.created().isAfter(time)) {
                best = b;
            }
        }
        if (best == null) {
            throw new RestoreRefusedException(StorageException.RESTORE_BEFORE_OLDEST_BACKUP, all.isEmpty()
                    ? "there is no backup to restore from"
                    : "cannot restore to " + time + ": the oldest backup is from " + all.get(0).created());
        }
        return best;
    }

    private static RestoreResult build(EngineSettings settings, StoreLayout layout, Path archive, Instant time)
            throws IOException {
        StoreOpener.deleteTree(layout.staging());
        Path staging = Files.createDirectories(layout.staging());
        Manifest manifest;
        long replayed;
        long position;
        long lastTime;
        MapIndex index = MapIndex.open(staging.resolve("index"));
        try {
            IndexWriter writer = new IndexWriter(index, IndexState.empty());
            manifest = BackupArchive.loadInto(archive, writer);
            try (Journal newJournal = Journal.open(staging.resolve("journal"), settings.segmentBytes(), manifest.position() + 1)) {
                replayed = time == null ? 0 : replayUntil(layout, settings, writer, newJournal, manifest.position(), time);
            }
            position = writer.sequence();
            lastTime = writer.time();
            index.closeCleanly(writer.state());
        } catch (IOException | RuntimeException e) {
            index.abandon();
            StoreOpener.deleteTree(layout.staging());
            throw e;
        }
        Files.createDirectories(staging.resolve("backups"));
        Files.copy(archive, staging.resolve("backups").resolve(archive.getFileName()));
        String stamp = "pre-restore-" + STAMP.format(Instant.now());
        Path keepOld = layout.root().resolve(stamp);
        for (int n = 1; Files.exists(keepOld); n++) {
            keepOld = layout.root().resolve(stamp + "-" + n);
        }
        RestoreSwap.begin(layout, keepOld);
        return new RestoreResult(manifest.id(), position, Instant.ofEpochMilli(lastTime), replayed, keepOld);
    }

    /** Applies the live journal's records after {@code after} committed at or before {@code time}, copying them. */
    private static long replayUntil(StoreLayout layout, EngineSettings settings, IndexWriter writer, Journal target, long after,
            Instant time) throws IOException {
        long limit = time.toEpochMilli();
        long[] count = {0};
        List<byte[]> frames = new ArrayList<>();
        IOException[] failure = {null};
        try (Journal live = Journal.open(layout.journal(), settings.segmentBytes(), 1)) {
            live.replay(after + 1, Long.MAX_VALUE, record -> {
                if (record.time() > limit) {
                    return false;
                }
                writer.apply(record, (ns, key) -> {
                });
                frames.add(record.toFrame());
                count[0]++;
                if (frames.size() >= 1000) {
                    failure[0] = flush(target, frames, writer);
                }
                return failure[0] == null;
            });
        }
        if (failure[0] == null) {
            failure[0] = flush(target, frames, writer);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return count[0];
    }

    private static IOException flush(Journal target, List<byte[]> frames, IndexWriter writer) {
        if (frames.isEmpty()) {
            return null;
        }
        try {
            target.append(frames, writer.sequence(), writer.time());
            frames.clear();
            return null;
        } catch (IOException e) {
            return e;
        }
    }
}
