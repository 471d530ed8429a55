package org.qenex.api.storage;

import java.time.Duration;
import java.time.Instant;

/**
 * The backups this store attempted since the storage service started (scheduled, by command or
 * over REST alike).
 *
 * @param succeeded backups that completed
 * @param failed backups that failed
 * @param lastSuccess when the newest completed backup finished, or {@code null} before any
 * @param lastDuration how long the newest attempt took, completed or failed, or {@code null} before any
 * @param lastFailure why the newest attempt failed, or {@code null} if it completed (or none was made)
 * @since 1.2.0
 */
public record BackupActivity(long succeeded, long failed, Instant lastSuccess, Duration lastDuration, String lastFailure) {

    /** Nothing attempted yet. */
    public static final BackupActivity NONE = new BackupActivity(0, 0, null, null, null);
}
