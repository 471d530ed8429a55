package org.qenex.storage.internal.command;

import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.qenex.api.storage.NamespaceStatistics;
import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.StoreStatistics;
import org.qenex.storage.internal.NamespaceOwner;
import org.qenex.storage.internal.StorageComponent;

/**
 * {@code qenex:storage}: namespaces with their owners, sizes, cache hit rate, compression ratio;
 * {@code qenex:storage drop <namespace>}: drops a namespace whoever owns it (admins: see the ACL).
 */
@Command(scope = "qenex", name = "storage", description = "Shows the store's namespaces, owners, sizes, cache hit rate and "
        + "compression ratio; 'drop <namespace>' deletes a namespace and everything in it")
@Service
public class StorageCommand implements Action {

    /** The store itself, not a bundle's view of it: the shell is the administrator's. */
    @Reference
    StorageComponent storage;

    @Argument(index = 0, name = "action", description = "drop (without: show the store)")
    @Completion(values = {"drop"}, value = StringsCompleter.class)
    String action;

    @Argument(index = 1, name = "namespace", description = "the namespace to drop")
    String namespace;

    @Override
    public Object execute() throws CommandException {
        try {
            if (action == null) {
                show(storage.statistics(), storage.owners());
            } else if (!"drop".equals(action) || namespace == null) {
                String refusal = "Error: qenex:storage takes no argument, or drop <namespace>";
                throw new CommandException(refusal, refusal);
            } else if (storage.dropAsAdministrator(namespace)) {
                System.out.println("dropped " + namespace);
            } else {
                System.out.println("no namespace " + namespace);
            }
        } catch (StorageException e) {
            String refusal = "Error (" + e.code() + "): " + e.getMessage();
            throw new CommandException(refusal, refusal);
        }
        return null;
    }

    private static void show(StoreStatistics s, Map<String, NamespaceOwner> owners) {
        System.out.printf("%-40s %-30s %-8s %12s %14s %8s%n", "NAMESPACE", "OWNER", "COMPRESS", "ENTRIES", "STORED BYTES", "RATIO");
        for (NamespaceStatistics n : s.namespaces()) {
            NamespaceOwner owner = owners.get(n.name());
            String who = owner == null ? "(unclaimed)" : owner.bundle() + (owner.shared() ? " (shared)" : "");
            System.out.printf("%-40s %-30s %-8s %12d %14d %8.2f%n", n.name(), who, n.compression(), n.entries(),
                    n.storedValueBytes(), n.compressionRatio());
        }
        System.out.printf("position %d, journal %d bytes, index %d bytes, %d MiB free%n", s.lastPosition(), s.journalBytes(),
                s.indexBytes(), s.diskFreeBytes() >> 20);
        System.out.printf("cache: %d entries, %d bytes, hit rate %.1f%% (%d hits, %d misses); compression ratio %.2f%n",
                s.cacheEntries(), s.cacheBytes(), 100 * s.cacheHitRate(), s.cacheHits(), s.cacheMisses(), s.compressionRatio());
    }
}
