package org.qenex.api.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * One backup archive.
 *
 * @param id the backup's id, usable with {@link BackupService#verify} and {@link BackupService#restore}
 * @param created when the backup's snapshot was taken: it holds every batch committed before
 * @param position the journal position of the last batch it holds
 * @param namespaces how many namespaces it holds
 * @param entries how many entries it holds
 * @param sizeBytes size of the archive file
 * @since 1.0.0
 */
public record BackupInfo(String id, Instant created, long position, int namespaces, long entries, long sizeBytes) {

    public BackupInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(created, "created");
    }
}
