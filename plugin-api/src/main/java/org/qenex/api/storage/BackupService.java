package org.qenex.api.storage;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Online backups of the whole {@link Store}, and restores from them.
 *
 * <p>A backup is one archive file holding a consistent snapshot of every namespace and a
 * manifest with each file's SHA-256; it is taken while writes go on. Together with the commit
 * journal kept since the oldest retained backup, backups allow a point-in-time restore.
 *
 * <p><strong>Restoring replaces the store's content</strong>, so it is refused with
 * {@link StorageException#STORE_LIVE} unless the caller states that every subsystem depending on
 * the store is stopped ({@code dependentsStopped}). Then the store goes offline for the duration
 * (calls fail with {@link StorageException#STORE_UNAVAILABLE}), the current files are kept aside,
 * the restored store opens, and a new backup is taken as the base of its new history. When the
 * node itself is stopped, the storage bundle's offline entry point does the same (see
 * {@code docs/storage.md}).
 *
 * @since 1.0.0
 */
@ProviderType
public interface BackupService {

    /** Takes a backup now, while writes continue; returns once the archive is durable. */
    BackupInfo backup();

    /** The retained backups, oldest first. */
    List<BackupInfo> list();

    /**
     * The backups attempted since this service started: counts, the newest success and how long
     * the newest attempt took. The default implementation answers {@link BackupActivity#NONE}.
     *
     * @since 1.2.0
     */
    default BackupActivity activity() {
        return BackupActivity.NONE;
    }

    /**
     * Recomputes every checksum of a backup and compares it with its manifest.
     *
     * @throws UnknownBackupException if no backup has this id
     */
    VerifyResult verify(String id);

    /**
     * Restores the store to the content of one backup.
     *
     * @throws RestoreRefusedException ({@link StorageException#STORE_LIVE}) unless {@code dependentsStopped}
     * @throws UnknownBackupException if no backup has this id
     * @throws BackupTamperedException if the backup does not verify; nothing is changed then
     */
    RestoreResult restore(String id, boolean dependentsStopped);

    /**
     * Restores the store as it was at {@code time}: the newest backup taken at or before it, plus
     * the journal's batches committed at or before it.
     *
     * @throws RestoreRefusedException {@link StorageException#STORE_LIVE} unless
     *         {@code dependentsStopped}; {@link StorageException#RESTORE_BEFORE_OLDEST_BACKUP} if
     *         no backup is that old
     * @throws BackupTamperedException if that backup does not verify; nothing is changed then
     */
    RestoreResult restoreAt(Instant time, boolean dependentsStopped);
}
