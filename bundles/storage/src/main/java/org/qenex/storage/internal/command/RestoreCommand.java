package org.qenex.storage.internal.command;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.qenex.api.storage.BackupService;
import org.qenex.api.storage.RestoreResult;
import org.qenex.api.storage.StorageException;

/** {@code qenex:restore [--at <ISO time>] [<backup id>] --dependents-stopped}. */
@Command(scope = "qenex", name = "restore", description = "Restores the store from a backup, or as it was at a time. "
        + "Stop the subsystems that use the store first, then confirm with --dependents-stopped.")
@Service
public class RestoreCommand implements Action {

    @Reference
    BackupService backups;

    @Option(name = "--at", description = "restore the store as it was at this ISO-8601 time, e.g. 2025-01-31T12:00:00Z")
    String at;

    @Option(name = "--dependents-stopped", description = "confirm that every subsystem using the store is stopped")
    boolean dependentsStopped;

    @Argument(index = 0, name = "backup", description = "the backup id to restore (see qenex:backup list)")
    String id;

    @Override
    public Object execute() throws CommandException {
        if ((at == null) == (id == null)) {
            String refusal = "Error: give either --at <ISO time> or a backup id";
            throw new CommandException(refusal, refusal);
        }
        try {
            RestoreResult r = at != null ? backups.restoreAt(Instant.parse(at), dependentsStopped)
                    : backups.restore(id, dependentsStopped);
            System.out.printf("restored from %s to position %d (%s), %d journal records replayed; previous files kept in %s%n",
                    r.backupId(), r.position(), r.restoredTo(), r.replayed(), r.previousState());
        } catch (DateTimeParseException e) {
            String refusal = "Error: not an ISO-8601 time: " + at;
            throw new CommandException(refusal, refusal);
        } catch (StorageException e) {
            String refusal = "Error (" + e.code() + "): " + e.getMessage();
            throw new CommandException(refusal, refusal);
        }
        return null;
    }
}
