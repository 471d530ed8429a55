package org.qenex.storage.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.qenex.api.health.HealthStatus;
import org.qenex.api.storage.BackupInfo;
import org.qenex.api.storage.RestoreResult;
import org.qenex.api.storage.StorageException;
import org.qenex.storage.internal.backup.BackupCatalog;

/**
 * Restore with the node stopped: {@code java -cp <storage bundle and its dependencies>
 * org.qenex.storage.internal.OfflineRestore <store folder> (list | <backup id> | --at <ISO time>)}.
 * It takes the store lock, so it refuses to run while a node has the store open.
 */
public final class OfflineRestore {

    private OfflineRestore() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: OfflineRestore <store folder> (list | <backup id> | --at <ISO-8601 time>)");
            System.exit(2);
        }
        EngineSettings settings = EngineSettings.defaults(Path.of(args[0]));
        IncidentSink print = (HealthStatus severity, String cause, String action, String outcome) -> System.out
                .println(severity + ": " + cause + " / " + action + " / " + outcome);
        try {
            if (args[1].equals("list")) {
                for (BackupInfo b : new BackupCatalog(settings.layout().backups()).list()) {
                    System.out.println(b.id() + "  " + b.created() + "  position " + b.position() + "  " + b.entries() + " entries");
                }
                return;
            }
            RestoreResult result = args[1].equals("--at") && args.length > 2
                    ? Restorer.restoreAt(settings, Instant.parse(args[2]), print)
                    : Restorer.restore(settings, args[1], print);
            System.out.println("restored from " + result.backupId() + " to position " + result.position() + " ("
                    + result.restoredTo() + "), previous files in " + result.previousState());
        } catch (StorageException e) {
            System.err.println(e.code() + ": " + e.getMessage());
            System.exit(1);
        } catch (DateTimeParseException e) {
            System.err.println("invalid_argument: not an ISO-8601 time: " + args[2]);
            System.exit(2);
        }
    }
}
