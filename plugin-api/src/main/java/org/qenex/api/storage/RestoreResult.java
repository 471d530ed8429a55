package org.qenex.api.storage;

import java.nio.file.Path;
import java.time.Instant;

/**
 * The outcome of a restore.
 *
 * @param backupId the backup restored from
 * @param position the journal position of the last batch in the restored store
 * @param restoredTo the commit time of that batch, or the backup's time if no batch was replayed
 * @param replayed how many journal batches were replayed on top of the backup
 * @param previousState where the store's files from before the restore were moved (kept, not deleted)
 * @since 1.0.0
 */
public record RestoreResult(String backupId, long position, Instant restoredTo, long replayed, Path previousState) {
}
