package org.qenex.api.storage;

import java.util.List;

/**
 * The outcome of {@link BackupService#verify}.
 *
 * @param id the backup verified
 * @param intact whether every file matches its checksum in the manifest and the manifest is complete
 * @param problems what did not match, empty when intact
 * @since 1.0.0
 */
public record VerifyResult(String id, boolean intact, List<String> problems) {

    public VerifyResult {
        problems = List.copyOf(problems);
    }
}
