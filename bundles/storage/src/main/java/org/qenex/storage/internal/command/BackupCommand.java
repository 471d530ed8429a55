package org.qenex.storage.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.qenex.api.storage.BackupInfo;
import org.qenex.api.storage.BackupService;
import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.VerifyResult;

/** {@code qenex:backup now | list | verify <id>}. */
@Command(scope = "qenex", name = "backup", description = "Takes, lists or verifies backups of the store")
@Service
public class BackupCommand implements Action {

    @Reference
    BackupService backups;

    @Argument(index = 0, name = "action", description = "now, list or verify", required = true)
    @Completion(values = {"now", "list", "verify"}, value = StringsCompleter.class)
    String action;

    @Argument(index = 1, name = "id", description = "the backup to verify")
    String id;

    @Override
    public Object execute() throws CommandException {
        try {
            switch (action) {
                case "now" -> print(backups.backup());
                case "list" -> backups.list().forEach(this::print);
                case "verify" -> {
                    if (id == null) {
                        String refusal = "Error: verify needs a backup id (see qenex:backup list)";
                        throw new CommandException(refusal, refusal);
                    }
                    VerifyResult r = backups.verify(id);
                    System.out.println(r.intact() ? id + ": intact" : id + ": DAMAGED: " + String.join("; ", r.problems()));
                }
                default -> {
                    String refusal = "Error: unknown action " + action + " (now, list or verify)";
                    throw new CommandException(refusal, refusal);
                }
            }
        } catch (StorageException e) {
            String refusal = "Error (" + e.code() + "): " + e.getMessage();
            throw new CommandException(refusal, refusal);
        }
        return null;
    }

    private void print(BackupInfo b) {
        System.out.printf("%s  %s  position %d  %d namespaces  %d entries  %d bytes%n", b.id(), b.created(), b.position(),
                b.namespaces(), b.entries(), b.sizeBytes());
    }
}
